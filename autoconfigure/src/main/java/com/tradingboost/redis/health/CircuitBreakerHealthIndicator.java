package com.tradingboost.redis.health;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The circuit breaker in front of Redis: DOWN while it refuses calls.
 */
final class CircuitBreakerHealthIndicator implements HealthIndicator {

	private final CircuitBreakerStateProvider provider;

	CircuitBreakerHealthIndicator(CircuitBreakerStateProvider provider) {
		this.provider = provider;
	}

	@Override
	public Health health() {
		CircuitBreakerState state = this.provider.currentState();
		Health.Builder health = state.open() ? Health.down() : Health.up();
		health.withDetail("state", state.state());
		if (state.failureRate() != null) {
			health.withDetail("failure_rate", state.failureRate());
		}
		if (state.since() != null) {
			health.withDetail("since", state.since().toString());
		}
		return health.build();
	}

}
