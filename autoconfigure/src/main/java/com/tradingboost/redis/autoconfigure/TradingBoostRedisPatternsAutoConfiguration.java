package com.tradingboost.redis.autoconfigure;

import java.time.Duration;

import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;
import com.tradingboost.redis.ops.RedisBatches;
import com.tradingboost.redis.ops.RedisKeyScanner;
import com.tradingboost.redis.ops.RedisOptimisticUpdates;
import com.tradingboost.redis.ops.RedisSortedSetQueues;
import com.tradingboost.redis.ops.RedisTtlAudit;
import com.tradingboost.redis.actuate.RedisTtlAuditEndpoint;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Auto-configuration of the patterns that need the shared factory: fast batches, SCAN, optimistic updates and
 * sorted-set queues.
 */
@AutoConfiguration(after = TradingBoostRedisAutoConfiguration.class)
@ConditionalOnBean(TradingBoostLettuceConnectionFactory.class)
public final class TradingBoostRedisPatternsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RedisBatches<String, String> redisBatches(ObjectProvider<StringRedisTemplate> redis,
			TradingBoostLettuceConnectionFactory factory, TradingBoostRedisProperties properties) {
		return new RedisBatches<>(redis.getIfAvailable(() -> new StringRedisTemplate(factory)), 1000,
				properties.getCommandTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	RedisOptimisticUpdates<String, String> redisOptimisticUpdates(ObjectProvider<StringRedisTemplate> redis,
			TradingBoostLettuceConnectionFactory factory, TradingBoostRedisProperties properties) {
		return new RedisOptimisticUpdates<>(redis.getIfAvailable(() -> new StringRedisTemplate(factory)), 50,
				Duration.ofMillis(2), Duration.ofMillis(100), properties.getCommandTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	RedisSortedSetQueues<String, String> redisSortedSetQueues(ObjectProvider<StringRedisTemplate> redis,
			TradingBoostLettuceConnectionFactory factory, TradingBoostRedisProperties properties) {
		return new RedisSortedSetQueues<>(redis.getIfAvailable(() -> new StringRedisTemplate(factory)),
				properties.getCommandTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	RedisTtlAudit<String> redisTtlAudit(ObjectProvider<StringRedisTemplate> redis,
			TradingBoostLettuceConnectionFactory factory, TradingBoostRedisProperties properties) {
		return new RedisTtlAudit<>(redis.getIfAvailable(() -> new StringRedisTemplate(factory)), 500,
				properties.getCommandTimeout());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	static class TtlAuditEndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		RedisTtlAuditEndpoint redisTtlAuditEndpoint(RedisTtlAudit<String> audit) {
			return new RedisTtlAuditEndpoint(audit);
		}

	}

	@Bean
	@ConditionalOnMissingBean
	RedisKeyScanner<String> redisKeyScanner(ObjectProvider<StringRedisTemplate> redis,
			TradingBoostLettuceConnectionFactory factory, TradingBoostRedisProperties properties) {
		return new RedisKeyScanner<>(redis.getIfAvailable(() -> new StringRedisTemplate(factory)),
				properties.getCommandTimeout());
	}

}
