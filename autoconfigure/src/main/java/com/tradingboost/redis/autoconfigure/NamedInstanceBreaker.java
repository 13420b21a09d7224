package com.tradingboost.redis.autoconfigure;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import org.jspecify.annotations.Nullable;

import com.tradingboost.redis.connection.RedisCommandGate;
import com.tradingboost.redis.health.CircuitBreakerStateProvider;
import com.tradingboost.redis.health.RedisHealthMonitor;
import com.tradingboost.redis.resilience.ActiveRecovery;
import com.tradingboost.redis.resilience.CircuitBreakerCommandGate;

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
		Retry namedRetry = (retry.isEnabled() && retries != null)
				? retries.retry("redis-" + name, retries.retry(TradingBoostRedisResilienceAutoConfiguration.INSTANCE)
					.getRetryConfig())
				: null;
		return new NamedInstanceBreaker(
				new CircuitBreakerCommandGate(breaker, namedRetry, retry.getCommands(), settings.getHistorySize()));
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
