package com.tradingboost.redis.resilience;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import com.tradingboost.redis.connection.RedisCommandRefusal;

import org.springframework.data.redis.RedisConnectionFailureException;

/**
 * Thrown at once, without touching Redis, while the circuit breaker in front of Redis refuses calls.
 */
public class RedisCircuitBreakerOpenException extends RedisConnectionFailureException implements RedisCommandRefusal {

	private final String state;

	private final @Nullable Instant since;

	private final @Nullable Instant nextTrial;

	/**
	 * Creates an exception.
	 * @param state the breaker state (OPEN, FORCED_OPEN, or HALF_OPEN with no trial call left)
	 * @param since when the breaker entered that state
	 * @param nextTrial when the breaker lets the next trial call through, if it will by itself
	 */
	public RedisCircuitBreakerOpenException(String state, @Nullable Instant since, @Nullable Instant nextTrial) {
		this(state, since, nextTrial, null);
	}

	/**
	 * Creates an exception that also names the root cause of the last outage the breaker counted.
	 * @param state the breaker state (OPEN, FORCED_OPEN, or HALF_OPEN with no trial call left)
	 * @param since when the breaker entered that state
	 * @param nextTrial when the breaker lets the next trial call through, if it will by itself
	 * @param lastError the root cause of the last outage, such as {@code not connected}, if known
	 */
	public RedisCircuitBreakerOpenException(String state, @Nullable Instant since, @Nullable Instant nextTrial,
			@Nullable String lastError) {
		super(message(state, since, nextTrial) + ((lastError != null && refuses(state)) ? "; last error: " + lastError
				: ""));
		this.state = state;
		this.since = since;
		this.nextTrial = nextTrial;
	}

	private static String message(String state, @Nullable Instant since, @Nullable Instant nextTrial) {
		if (!refuses(state)) {
			// The breaker moved on between refusing the call and this message: it only refuses while open or
			// while its half-open trial calls are all taken.
			return "Redis circuit breaker refused the call while its trial calls were running; it is " + state
					+ " now, so calls go through again";
		}
		StringBuilder message = new StringBuilder("Redis circuit breaker is ").append(state);
		if (since != null) {
			message.append(" since ").append(since);
		}
		if ("HALF_OPEN".equals(state)) {
			return message.append("; its trial calls are running and other Redis calls fail fast until they succeed")
				.toString();
		}
		message.append("; Redis calls fail fast");
		if (nextTrial != null) {
			long seconds = Math.max(0, Duration.between(Instant.now(), nextTrial).toSeconds());
			message.append("; next trial at ").append(nextTrial).append(" (in ").append(seconds)
				.append(" s) or as soon as a health probe succeeds");
		}
		else if ("FORCED_OPEN".equals(state)) {
			message.append(" until an operator closes it");
		}
		return message.toString();
	}

	private static boolean refuses(String state) {
		return "OPEN".equals(state) || "FORCED_OPEN".equals(state) || "HALF_OPEN".equals(state);
	}

	public String getState() {
		return this.state;
	}

	public @Nullable Instant getSince() {
		return this.since;
	}

	public @Nullable Instant getNextTrial() {
		return this.nextTrial;
	}

}
