package com.tradingboost.redis.metrics;

import java.util.Locale;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.RedisCommandTimeoutException;

import org.springframework.dao.QueryTimeoutException;

/**
 * How a Redis command ended, as the {@code outcome} tag of {@code tradingboost.redis.command}.
 */
enum CommandOutcome {

	SUCCESS, FAILURE, REJECTED, TIMEOUT;

	private static final String BREAKER_OPEN = "com.tradingboost.redis.resilience.RedisCircuitBreakerOpenException";

	private final String tag = name().toLowerCase(Locale.ROOT);

	String tag() {
		return this.tag;
	}

	static CommandOutcome of(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause.getClass().getName().equals(BREAKER_OPEN)) {
				return REJECTED;
			}
			if (cause instanceof QueryTimeoutException || cause instanceof RedisCommandTimeoutException
					|| cause instanceof TimeoutException) {
				return TIMEOUT;
			}
		}
		return FAILURE;
	}

}
