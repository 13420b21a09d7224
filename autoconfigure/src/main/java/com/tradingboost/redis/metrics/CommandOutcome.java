package com.tradingboost.redis.metrics;

import java.util.Locale;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.RedisCommandTimeoutException;

import com.tradingboost.redis.resilience.RedisCircuitBreakerOpenException;

import org.springframework.dao.QueryTimeoutException;

/**
 * How a Redis command ended, as the {@code outcome} tag of {@code tradingboost.redis.command}.
 */
enum CommandOutcome {

	SUCCESS, FAILURE, REJECTED, TIMEOUT;

	private final String tag = name().toLowerCase(Locale.ROOT);

	String tag() {
		return this.tag;
	}

	static CommandOutcome of(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof RedisCircuitBreakerOpenException) {
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
