package com.tradingboost.redis.autoconfigure;

import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;
import com.tradingboost.redis.ops.RedisBatches;
import com.tradingboost.redis.ops.RedisKeyScanner;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Auto-configuration of the patterns that need the shared factory: fast batches and SCAN.
 */
@AutoConfiguration(after = TradingBoostRedisAutoConfiguration.class)
@ConditionalOnBean(TradingBoostLettuceConnectionFactory.class)
public final class TradingBoostRedisPatternsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RedisBatches redisBatches(TradingBoostLettuceConnectionFactory factory, TradingBoostRedisProperties properties) {
		return new RedisBatches(factory, 1000, properties.getCommandTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	RedisKeyScanner redisKeyScanner(ObjectProvider<StringRedisTemplate> redis,
			TradingBoostLettuceConnectionFactory factory) {
		return new RedisKeyScanner(redis.getIfAvailable(() -> new StringRedisTemplate(factory)));
	}

}
