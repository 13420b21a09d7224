package com.tradingboost.redis.health;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The state of the circuit breaker in front of Redis, as the health endpoint shows it.
 *
 * @param state the breaker state, e.g. CLOSED, OPEN, HALF_OPEN
 * @param failureRate the failure rate in percent, or {@code null} while too few calls were recorded
 * @param since when the breaker entered this state, if known
 * @param open whether the breaker refuses calls, which makes Redis count as DOWN
 */
public record CircuitBreakerState(String state, @Nullable Float failureRate, @Nullable Instant since, boolean open) {

}
