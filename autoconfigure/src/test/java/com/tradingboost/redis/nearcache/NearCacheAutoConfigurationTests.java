package com.tradingboost.redis.nearcache;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.junit.jupiter.api.Test;

import com.tradingboost.redis.autoconfigure.TradingBoostRedisAutoConfiguration;
import com.tradingboost.redis.autoconfigure.TradingBoostRedisCacheAutoConfiguration;
import com.tradingboost.redis.autoconfigure.TradingBoostRedisNearCacheAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheManager;

import static org.assertj.core.api.Assertions.assertThat;

class NearCacheAutoConfigurationTests {

	/** A port nothing listens on: these tests never reach a Redis. */
	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TradingBoostRedisAutoConfiguration.class,
				DataRedisAutoConfiguration.class, TradingBoostRedisCacheAutoConfiguration.class,
				CacheAutoConfiguration.class, TradingBoostRedisNearCacheAutoConfiguration.class))
		.withUserConfiguration(CachingConfiguration.class)
		.withPropertyValues("tradingboost.redis.port=1", "spring.cache.type=redis");

	@Test
	void isOffByDefault() {
		this.contextRunner.withPropertyValues("tradingboost.redis.near-cache.caches=prices").run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(NearCacheInvalidations.class)
				.doesNotHaveBean(NearCacheManagerPostProcessor.class);
			assertThat(context.getBean(CacheManager.class)).isInstanceOf(RedisCacheManager.class);
		});
	}

	@Test
	void wrapsOnlyTheNamedCaches() {
		this.contextRunner
			.withPropertyValues("tradingboost.redis.near-cache.enabled=true",
					"tradingboost.redis.near-cache.caches=prices,risk")
			.run((context) -> {
				assertThat(context).hasSingleBean(NearCacheInvalidations.class);
				NearCacheManager manager = (NearCacheManager) context.getBean(CacheManager.class);
				assertThat(manager.getDelegate()).isInstanceOf(RedisCacheManager.class);
				assertThat(manager.getCache("prices")).isInstanceOf(NearCache.class);
				assertThat(manager.getCache("risk")).isInstanceOf(NearCache.class);
				assertThat(manager.getCache("other")).isNotInstanceOf(NearCache.class);
				assertThat(context.getBean(NearCacheInvalidations.class).prefixes()).containsExactly("prices::",
						"risk::");
			});
	}

	@Test
	void expireAfterWriteIsClampedToTheCachesRedisTtl() {
		this.contextRunner
			.withPropertyValues("tradingboost.redis.near-cache.enabled=true",
					"tradingboost.redis.near-cache.caches=prices,risk", "tradingboost.redis.cache.ttl.prices=30s",
					"tradingboost.redis.near-cache.expire-after-write=5m")
			.run((context) -> {
				NearCacheManager manager = (NearCacheManager) context.getBean(CacheManager.class);
				assertThat(manager.getNearCache("prices").getExpireAfterWrite()).hasSeconds(30);
				assertThat(manager.getNearCache("risk").getExpireAfterWrite()).hasMinutes(5);
			});
	}

	@Test
	void withoutExpireAfterWriteL1ExpiresWithTheRedisTtl() {
		this.contextRunner
			.withPropertyValues("tradingboost.redis.near-cache.enabled=true",
					"tradingboost.redis.near-cache.caches=prices")
			.run((context) -> assertThat(((NearCacheManager) context.getBean(CacheManager.class)).getNearCache("prices")
				.getExpireAfterWrite()).hasMinutes(30));
	}

	@Test
	void refusesToStartWithoutACacheName() {
		this.contextRunner.withPropertyValues("tradingboost.redis.near-cache.enabled=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("near-cache.caches")
				.hasMessageContaining("must name at least one cache"));
	}

	@Test
	void refusesBadValuesNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("tradingboost.redis.near-cache.maximum-size=0",
					"tradingboost.redis.near-cache.expire-after-write=0s", "tradingboost.redis.near-cache.max-stale=-1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("near-cache.maximum-size")
				.hasMessageContaining("near-cache.expire-after-write")
				.hasMessageContaining("near-cache.max-stale"));
	}

	@Test
	void refusesToStartWithoutCaffeineNamingTheDependency() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Caffeine.class))
			.withPropertyValues("tradingboost.redis.near-cache.enabled=true",
					"tradingboost.redis.near-cache.caches=prices")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tradingboost.redis.near-cache.enabled=true needs Caffeine")
				.hasMessageContaining("com.github.ben-manes.caffeine:caffeine"));
	}

	@Test
	void refusesRedisCluster() {
		this.contextRunner
			.withPropertyValues("tradingboost.redis.near-cache.enabled=true",
					"tradingboost.redis.near-cache.caches=prices", "tradingboost.redis.cluster.nodes=127.0.0.1:1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tradingboost.redis.near-cache.enabled=true is not supported on Redis Cluster"));
	}

	@Test
	void refusesReadsFromReplicas() {
		this.contextRunner
			.withPropertyValues("tradingboost.redis.near-cache.enabled=true",
					"tradingboost.redis.near-cache.caches=prices", "tradingboost.redis.sentinel.master=mymaster",
					"tradingboost.redis.sentinel.nodes=127.0.0.1:1", "tradingboost.redis.read-from=replica-preferred")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tradingboost.redis.read-from=replica-preferred"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

	}

}
