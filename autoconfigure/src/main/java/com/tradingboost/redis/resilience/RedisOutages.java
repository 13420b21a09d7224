package com.tradingboost.redis.resilience;

import java.io.IOException;
import java.io.ObjectStreamException;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.PoolException;
import org.springframework.data.redis.serializer.SerializationException;

/**
 * Tells an outage of Redis (no connection, a timeout, a command rejected while disconnected, no pooled connection,
 * a server that is loading or busy) from an error that is the caller's own (WRONGTYPE, a syntax error, NOSCRIPT, a
 * failing script, a value that cannot be deserialized), by looking at the whole cause chain: Spring Data Redis maps both kinds to
 * {@code RedisSystemException}.
 */
public final class RedisOutages {

	/** Error replies that say the server cannot serve right now, not that the command was wrong. */
	private static final Set<String> UNAVAILABLE_REPLIES = Set.of("LOADING", "BUSY", "MASTERDOWN", "CLUSTERDOWN",
			"TRYAGAIN", "READONLY");

	/** By name: the fail-soft cache uses this class where Resilience4j may be absent. */
	private static final String CALL_NOT_PERMITTED = "io.github.resilience4j.circuitbreaker.CallNotPermittedException";

	private RedisOutages() {
	}

	/**
	 * Tells whether a failure means Redis is unavailable.
	 * @param failure the failure
	 * @return {@code true} for an outage, {@code false} for a refusal by the breaker or a caller's error
	 */
	public static boolean isOutage(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SerializationException || cause instanceof ObjectStreamException) {
				return false;
			}
			if (cause instanceof RedisCircuitBreakerOpenException
					|| cause.getClass().getName().equals(CALL_NOT_PERMITTED)) {
				return false;
			}
			if (cause instanceof RedisCommandExecutionException reply) {
				return isUnavailableReply(reply.getMessage());
			}
			if (cause instanceof RedisConnectionFailureException || cause instanceof QueryTimeoutException
					|| cause instanceof RedisCommandTimeoutException || cause instanceof RedisConnectionException
					|| cause instanceof PoolException || cause instanceof NoSuchElementException
					|| cause instanceof IOException || cause instanceof TimeoutException
					|| cause instanceof CancellationException) {
				return true;
			}
			if (cause.getClass() == RedisException.class && cause.getMessage() != null
					&& (cause.getMessage().contains("Commands are rejected")
							|| cause.getMessage().contains("Connection closed"))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Tells whether Redis cannot serve a call right now: an outage, or the circuit breaker refusing the call. This is
	 * what fallbacks react to; only {@link #isOutage} counts towards opening the breaker.
	 * @param failure the failure
	 * @return {@code true} when a fallback should serve the call
	 */
	public static boolean isUnavailable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof RedisCircuitBreakerOpenException
					|| cause.getClass().getName().equals(CALL_NOT_PERMITTED)) {
				return true;
			}
		}
		return isOutage(failure);
	}

	private static boolean isUnavailableReply(String message) {
		if (message == null) {
			return false;
		}
		int space = message.indexOf(' ');
		String code = ((space == -1) ? message : message.substring(0, space)).toUpperCase(Locale.ROOT);
		return UNAVAILABLE_REPLIES.contains(code);
	}

}
