package com.tradingboost.redis.health;

/**
 * Supplies the state of the circuit breaker in front of Redis; define a bean of this type and the health endpoint
 * reports it and counts an open breaker as DOWN.
 */
@FunctionalInterface
public interface CircuitBreakerStateProvider {

	/**
	 * Returns the breaker's current state, without Redis I/O.
	 * @return the state
	 */
	CircuitBreakerState currentState();

}
