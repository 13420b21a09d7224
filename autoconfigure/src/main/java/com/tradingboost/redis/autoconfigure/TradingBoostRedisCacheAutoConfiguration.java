package com.tradingboost.redis.autoconfigure;

import com.tradingboost.redis.cache.FailSoftCacheErrorHandler;
import com.tradingboost.redis.cache.RedisCacheDefaultsCustomizer;
import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;
import com.tradingboost.redis.resilience.RedisOutages;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cache.autoconfigure.RedisCacheManagerBuilderCustomizer;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.interceptor.CacheErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheManager;

/**
 * Auto-configuration of Spring Cache on the shared factory: TTLs that are never "forever", a TTL per cache, SCAN-based
 * clearing, and a fail-soft error handler so cached methods keep working while Redis is down.
 */
@AutoConfiguration(after = TradingBoostRedisAutoConfiguration.class,
		beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnClass({ RedisCacheManager.class, RedisCacheManagerBuilderCustomizer.class, RedisOutages.class })
@ConditionalOnBean(TradingBoostLettuceConnectionFactory.class)
public final class TradingBoostRedisCacheAutoConfiguration {

	@Bean
	RedisCacheManagerBuilderCustomizer tradingBoostRedisCacheDefaults(TradingBoostLettuceConnectionFactory factory,
			TradingBoostRedisProperties properties) {
		TradingBoostRedisProperties.Cache cache = properties.getCache();
		return new RedisCacheDefaultsCustomizer(factory, cache.getDefaultTtl(), cache.getTtl(), cache.getKeyPrefix(),
				cache.getClearBatchSize(), properties.getCommandTimeout());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "tradingboost.redis.cache.fail-soft", matchIfMissing = true)
	@ConditionalOnMissingBean(CachingConfigurer.class)
	static class FailSoftCacheConfiguration {

		@Bean
		CachingConfigurer tradingBoostFailSoftCaching(TradingBoostRedisProperties properties) {
			FailSoftCacheErrorHandler handler = new FailSoftCacheErrorHandler(RedisOutages::isUnavailable,
					properties.getCache().getWarnInterval());
			return new CachingConfigurer() {
				@Override
				public CacheErrorHandler errorHandler() {
					return handler;
				}
			};
		}

	}

}
