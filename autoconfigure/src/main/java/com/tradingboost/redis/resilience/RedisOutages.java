package com.tradingboost.redis.resilience;

import com.tradingboost.redis.connection.RedisFailure;

/**
 * Tells an outage of Redis from an error that is the caller's own, as {@link RedisFailure} classifies it by exception
 * type: Spring Data Redis maps both kinds to {@code RedisSystemException}.
 */
public final class RedisOutages {

	private RedisOutages() {
	}

	/**
	 * Tells whether a failure means Redis is unavailable.
	 * @param failure the failure
	 * @return {@code true} for an outage, {@code false} for a refusal by the breaker or a caller's error
	 */
	public static boolean isOutage(Throwable failure) {
		return RedisFailure.of(failure).isOutage();
	}

	/**
	 * Tells whether Redis cannot serve a call right now: an outage, or the circuit breaker refusing the call. This is
	 * what fallbacks react to; only {@link #isOutage} counts towards opening the breaker.
	 * @param failure the failure
	 * @return {@code true} when a fallback should serve the call
	 */
	public static boolean isUnavailable(Throwable failure) {
		return RedisFailure.of(failure).isUnavailable();
	}

}
