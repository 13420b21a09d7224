package com.tradingboost.redis.autoconfigure;

import java.time.Clock;

import io.lettuce.core.ReadFrom;
import io.micrometer.core.instrument.MeterRegistry;

import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;
import com.tradingboost.redis.nearcache.NearCacheInvalidations;
import com.tradingboost.redis.nearcache.NearCacheManagerPostProcessor;
import com.tradingboost.redis.nearcache.NearCacheMetrics;
import com.tradingboost.redis.nearcache.NearCacheSettings;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisStaticMasterReplicaConfiguration;

/**
 * Auto-configuration of the near cache: an in-process L1 (Caffeine) in front of the Redis caches named in
 * {@code tradingboost.redis.near-cache.caches}, kept coherent by Redis client-side caching; off by default.
 */
@AutoConfiguration(after = { TradingBoostRedisAutoConfiguration.class, TradingBoostRedisCacheAutoConfiguration.class },
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "tradingboost.redis.near-cache.enabled")
@ConditionalOnClass({ RedisCacheManager.class, CacheManager.class })
@ConditionalOnBean(TradingBoostLettuceConnectionFactory.class)
public final class TradingBoostRedisNearCacheAutoConfiguration {

	private static final String CAFFEINE = "com.github.benmanes.caffeine.cache.Caffeine";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = CAFFEINE)
	static class NearCacheConfiguration {

		@Bean
		@ConditionalOnMissingBean
		NearCacheInvalidations nearCacheInvalidations(TradingBoostLettuceConnectionFactory factory,
				TradingBoostRedisProperties properties,
				ObjectProvider<RedisStaticMasterReplicaConfiguration> masterReplica) {
			refuseUnsupportedTopology(factory, properties, masterReplica.getIfAvailable() != null);
			return new NearCacheInvalidations(factory, properties.getNearCache().getMaxStale(), Clock.systemUTC());
		}

		@Bean
		static NearCacheManagerPostProcessor nearCacheManagerPostProcessor(
				ObjectProvider<NearCacheInvalidations> invalidations,
				ObjectProvider<TradingBoostRedisProperties> properties) {
			return new NearCacheManagerPostProcessor(invalidations, () -> settings(properties.getObject()));
		}

		static NearCacheSettings settings(TradingBoostRedisProperties properties) {
			TradingBoostRedisProperties.NearCache nearCache = properties.getNearCache();
			return new NearCacheSettings(nearCache.getCaches(), nearCache.getMaximumSize(),
					nearCache.getExpireAfterWrite(), nearCache.getMaxStale());
		}

		static void refuseUnsupportedTopology(TradingBoostLettuceConnectionFactory factory,
				TradingBoostRedisProperties properties, boolean userMasterReplica) {
			String refused = "tradingboost.redis.near-cache.enabled=true is not supported ";
			if (factory.isClusterAware()) {
				throw new IllegalStateException(refused + "on Redis Cluster (tradingboost.redis.cluster.nodes):"
						+ " invalidations would have to be tracked on every node; use it with a standalone or Sentinel"
						+ " Redis, or turn it off");
			}
			if (userMasterReplica || !properties.getMasterReplica().getNodes().isEmpty()) {
				throw new IllegalStateException(refused + "with a static master/replica set"
						+ " (tradingboost.redis.master-replica.nodes): reads from a replica that lags could put a"
						+ " value back into L1 after its invalidation; use it with a standalone or Sentinel Redis");
			}
			ReadFrom readFrom = factory.getClientConfiguration().getReadFrom().orElse(null);
			if (readFrom != null && readFrom.getClass() != ReadFrom.UPSTREAM.getClass()) {
				throw new IllegalStateException(refused + "with tradingboost.redis.read-from=" + properties.getReadFrom()
						+ ": reads from a replica that lags could put a value back into L1 after its invalidation;"
						+ " read from the master");
			}
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(MeterRegistry.class)
		@ConditionalOnBean(MeterRegistry.class)
		@ConditionalOnBooleanProperty(name = "tradingboost.redis.metrics.enabled", matchIfMissing = true)
		static class NearCacheMetricsConfiguration {

			@Bean
			@ConditionalOnMissingBean
			NearCacheMetrics nearCacheMetrics(NearCacheInvalidations invalidations,
					ObjectProvider<CacheManager> cacheManagers) {
				return new NearCacheMetrics(invalidations, () -> {
					// The near caches register when the cache manager is created.
					cacheManagers.orderedStream().count();
					return invalidations.getCaches();
				}, TradingBoostRedisMetricsAutoConfiguration.PRIMARY);
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass(CAFFEINE)
	static class MissingCaffeineConfiguration {

		@Bean
		Object nearCacheWithoutCaffeine() {
			throw new IllegalStateException("tradingboost.redis.near-cache.enabled=true needs Caffeine on the class"
					+ " path: add the dependency com.github.ben-manes.caffeine:caffeine (its version comes from"
					+ " Spring Boot's dependency management)");
		}

	}

}
