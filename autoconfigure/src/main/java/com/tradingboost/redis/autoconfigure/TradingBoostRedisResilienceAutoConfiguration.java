package com.tradingboost.redis.autoconfigure;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;

import com.tradingboost.redis.actuate.RedisCircuitBreakerEndpoint;
import com.tradingboost.redis.health.RedisHealthMonitor;
import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;
import com.tradingboost.redis.resilience.ActiveRecovery;
import com.tradingboost.redis.resilience.CircuitBreakerCommandGate;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the circuit breaker (the Resilience4j instance {@code redis}) and the safe-read retry in
 * front of every command of the shared factory, and of the active recovery driven by the health monitor.
 */
@AutoConfiguration(after = TradingBoostRedisAutoConfiguration.class,
		afterName = { "io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration",
				"io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration" })
@ConditionalOnClass({ CircuitBreaker.class, Retry.class })
@ConditionalOnBean({ CircuitBreakerRegistry.class, TradingBoostLettuceConnectionFactory.class })
@ConditionalOnBooleanProperty(name = "tradingboost.redis.circuit-breaker.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TradingBoostRedisProperties.class)
public final class TradingBoostRedisResilienceAutoConfiguration {

	static final String INSTANCE = "redis";

	@Bean
	@ConditionalOnMissingBean
	CircuitBreakerCommandGate redisCommandGate(CircuitBreakerRegistry circuitBreakers,
			ObjectProvider<RetryRegistry> retries, TradingBoostRedisProperties properties) {
		TradingBoostRedisProperties.Retry retry = properties.getRetry();
		RetryRegistry retryRegistry = retries.getIfAvailable();
		return new CircuitBreakerCommandGate(circuitBreakers.circuitBreaker(INSTANCE),
				(retry.isEnabled() && retryRegistry != null) ? retryRegistry.retry(INSTANCE) : null,
				retry.getCommands(), properties.getCircuitBreaker().getHistorySize());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	static class RedisCircuitBreakerEndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		RedisCircuitBreakerEndpoint redisCircuitBreakerEndpoint(CircuitBreakerCommandGate gate) {
			return new RedisCircuitBreakerEndpoint(gate);
		}

	}

	@Bean
	SmartInitializingSingleton redisActiveRecovery(CircuitBreakerCommandGate gate,
			ObjectProvider<RedisHealthMonitor> monitor, TradingBoostRedisProperties properties) {
		return () -> monitor.ifAvailable((available) -> ActiveRecovery.attach(available, gate,
				properties.getCircuitBreaker().getProbeInterval()));
	}

}
