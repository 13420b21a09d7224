package com.tradingboost.redis.autoconfigure;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import org.jspecify.annotations.Nullable;

import com.tradingboost.redis.connection.RedisCommandGate;
import com.tradingboost.redis.health.CircuitBreakerStateProvider;
import com.tradingboost.redis.health.RedisHealthMonitor;
import com.tradingboost.redis.resilience.ActiveRecovery;
import com.tradingboost.redis.resilience.CircuitBreakerCommandGate;
import com.tradingboost.redis.resilience.RedisOutagePredicate;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * The circuit breaker {@code redis-<name>} of a named instance, from the application's Resilience4j registry:
 * explicit {@code resilience4j.circuitbreaker.instances.redis-<name>.*} properties win, otherwise the instance's
 * {@code circuit-breaker.*} settings apply. Loaded only when Resilience4j is on the class path.
 */
final class NamedInstanceBreaker {

	private final CircuitBreakerCommandGate gate;

	private NamedInstanceBreaker(CircuitBreakerCommandGate gate) {
		this.gate = gate;
	}

	static @Nullable NamedInstanceBreaker create(String name, RedisInstanceProperties properties,
			TradingBoostRedisProperties.Retry retry, ConfigurableListableBeanFactory beanFactory) {
		CircuitBreakerRegistry breakers = beanFactory.getBeanProvider(CircuitBreakerRegistry.class).getIfAvailable();
		if (breakers == null) {
			return null;
		}
		RedisInstanceProperties.CircuitBreaker settings = properties.getCircuitBreaker();
		CircuitBreakerConfig config = CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(settings.getFailureThreshold())
			.minimumNumberOfCalls(settings.getFailureThreshold())
			.failureRateThreshold(100)
			.waitDurationInOpenState(settings.getRecoveryTimeout())
			.permittedNumberOfCallsInHalfOpenState(settings.getHalfOpenCalls())
			.automaticTransitionFromOpenToHalfOpenEnabled(true)
			.build();
		CircuitBreaker breaker = breakers.circuitBreaker("redis-" + name, config);
		RetryRegistry retries = beanFactory.getBeanProvider(RetryRegistry.class).getIfAvailable();
		Retry namedRetry = (retry.isEnabled() && retries != null) ? retries.retry("redis-" + name, retryConfig(retry))
				: null;
		return new NamedInstanceBreaker(
				new CircuitBreakerCommandGate(breaker, namedRetry, retry.getCommands(), settings.getHistorySize()));
	}

	/** The primary's retry settings, built here: the primary's Resilience4j instance may not exist. */
	private static RetryConfig retryConfig(TradingBoostRedisProperties.Retry retry) {
		return RetryConfig.custom()
			.maxAttempts(retry.getMaxAttempts())
			.intervalFunction(IntervalFunction.ofExponentialBackoff(retry.getInitialBackoff(), retry.getMultiplier(),
					retry.getMaxBackoff()))
			.retryOnException(new RedisOutagePredicate())
			.build();
	}

	RedisCommandGate gate() {
		return this.gate;
	}

	CircuitBreakerStateProvider state() {
		return this.gate;
	}

	void attachRecovery(RedisHealthMonitor monitor, Duration probeInterval) {
		ActiveRecovery.attach(monitor, this.gate, probeInterval);
	}

}
