package com.tradingboost.redis.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;
import com.tradingboost.redis.health.RedisHealthMonitor;
import com.tradingboost.redis.metrics.RedisCommandMeters;
import com.tradingboost.redis.metrics.RedisMetrics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the starter's meters: command latency by command and outcome, the pools, the shared
 * connection and the server facts of the health monitor. Resilience4j publishes the breaker's own meters.
 */
@AutoConfiguration(after = TradingBoostRedisAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, TradingBoostLettuceConnectionFactory.class })
@ConditionalOnBooleanProperty(name = "tradingboost.redis.metrics.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TradingBoostRedisProperties.class)
public final class TradingBoostRedisMetricsAutoConfiguration {

	/** The {@code instance} tag of the primary factory's meters. */
	static final String PRIMARY = "primary";

	@Bean
	@ConditionalOnMissingBean
	RedisCommandMeters redisCommandMeters(ObjectProvider<MeterRegistry> registry) {
		return new RedisCommandMeters(registry.getObject(), PRIMARY);
	}

	@Bean
	@ConditionalOnMissingBean
	RedisMetrics redisMetrics(TradingBoostLettuceConnectionFactory factory, ObjectProvider<RedisHealthMonitor> monitor,
			TradingBoostRedisProperties properties) {
		return new RedisMetrics(factory, monitor.getIfAvailable(), properties.getPool().getMaxActive(), PRIMARY);
	}

}
