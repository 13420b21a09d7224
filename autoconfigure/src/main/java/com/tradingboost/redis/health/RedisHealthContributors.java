package com.tradingboost.redis.health;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;

/**
 * Builds the one {@code redis} health contributor: children {@code server}, {@code pool} and, when a circuit breaker
 * reports its state, {@code circuit-breaker}.
 */
public final class RedisHealthContributors {

	private RedisHealthContributors() {
	}

	/**
	 * Creates the composite contributor.
	 * @param monitor the background monitor whose snapshot is read
	 * @param connectionFactory the shared factory whose pools are read
	 * @param circuitBreaker the breaker state, if a breaker exists
	 * @param latencyThreshold the latency above which Redis is reported as degraded
	 * @param maxActive the configured pool ceiling
	 * @return the contributor
	 */
	public static CompositeHealthContributor create(RedisHealthMonitor monitor,
			TradingBoostLettuceConnectionFactory connectionFactory, @Nullable CircuitBreakerStateProvider circuitBreaker,
			Duration latencyThreshold, int maxActive) {
		Map<String, HealthContributor> children = new LinkedHashMap<>();
		children.put("server", new RedisServerHealthIndicator(monitor, connectionFactory, circuitBreaker,
				latencyThreshold, Clock.systemUTC()));
		children.put("pool", new RedisPoolHealthIndicator(connectionFactory, monitor, maxActive));
		if (circuitBreaker != null) {
			children.put("circuit-breaker", new CircuitBreakerHealthIndicator(circuitBreaker));
		}
		return CompositeHealthContributor.fromMap(children);
	}

}
