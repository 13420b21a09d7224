package com.tradingboost.redis.resilience;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import org.jspecify.annotations.Nullable;

import com.tradingboost.redis.connection.RedisFailure;

/**
 * Describes why a Redis call failed by its root cause, in a few words, for log lines, health details and problem
 * responses: {@code not connected}, {@code timeout after 3 s}, {@code WRONGPASS ...}, never a wrapper's
 * "Redis exception" and never a credential.
 */
public final class RedisRootCause {

	private static final Pattern CREDENTIALS_IN_URL = Pattern.compile("(rediss?://)[^@\\s/]*@");

	private static final Pattern TIMED_OUT_AFTER = Pattern.compile("after (\\d+) (\\w+)");

	private static final String CALL_NOT_PERMITTED = "io.github.resilience4j.circuitbreaker.CallNotPermittedException";

	private static final int MAX_LENGTH = 200;

	private RedisRootCause() {
	}

	/**
	 * Describes the root cause of a failure for logs and health details, e.g. {@code not connected (commands are
	 * rejected while reconnecting)}, {@code timeout after 3 s}, {@code connection refused} or the server's error
	 * reply such as {@code WRONGPASS invalid username-password pair or user is disabled.}.
	 * @param failure the failure
	 * @return a short description, never a password
	 */
	public static String describe(Throwable failure) {
		if (RedisFailure.of(failure) == RedisFailure.POOL_EXHAUSTED) {
			return "connection pool exhausted: " + poolExhaustionMessage(failure);
		}
		String description = null;
		for (Throwable cause = failure; cause != null; cause = next(cause)) {
			if (cause instanceof RedisCircuitBreakerOpenException open) {
				return "circuit breaker " + open.getState();
			}
			if (cause.getClass().getName().equals(CALL_NOT_PERMITTED)) {
				return "circuit breaker open";
			}
			String known = known(cause);
			if (known != null) {
				// The deepest recognised cause wins: wrappers only repeat it in vaguer words.
				description = known;
			}
		}
		return mask((description != null) ? description : fallback(failure));
	}

	/**
	 * Names the kind of failure in words that are safe to show to any client: no address, no key, no credential.
	 * @param failure the failure
	 * @return one of {@code circuit breaker open}, {@code authentication failed}, {@code connection pool exhausted},
	 * {@code timeout}, {@code not connected}, {@code server busy}, or {@code unavailable}
	 */
	public static String kind(Throwable failure) {
		return switch (RedisFailure.of(failure)) {
			case REFUSED -> "circuit breaker open";
			case AUTHENTICATION -> "authentication failed";
			case POOL_EXHAUSTED -> "connection pool exhausted";
			case TIMEOUT -> "timeout";
			case NOT_CONNECTED -> "not connected";
			case SERVER_UNAVAILABLE -> "server busy";
			default -> "unavailable";
		};
	}

	/**
	 * Tells whether Redis refused the client's credentials ({@code WRONGPASS}, {@code NOAUTH}, an {@code AUTH}
	 * error), which no retry will cure.
	 * @param failure the failure
	 * @return {@code true} for a failed or missing authentication
	 */
	public static boolean isAuthenticationFailure(Throwable failure) {
		return RedisFailure.of(failure) == RedisFailure.AUTHENTICATION;
	}

	private static String poolExhaustionMessage(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = next(cause)) {
			if (cause.getMessage() != null && cause.getMessage().contains("pool exhausted")) {
				return shorten(cause.getMessage());
			}
		}
		return "no pooled connection became free within pool.max-wait";
	}

	private static @Nullable String known(Throwable cause) {
		String message = (cause.getMessage() != null) ? cause.getMessage() : "";
		if (cause instanceof RedisCommandTimeoutException) {
			Matcher after = TIMED_OUT_AFTER.matcher(message);
			return after.find() ? "timeout after " + after.group(1) + " " + unit(after.group(2)) : "timeout";
		}
		if (cause instanceof RedisCommandExecutionException) {
			return shorten(message);
		}
		if (cause instanceof UnknownHostException) {
			return "unknown host " + message;
		}
		if (cause instanceof ConnectException) {
			return message.toLowerCase(Locale.ROOT).contains("refused") ? "connection refused" : "cannot connect";
		}
		if (cause instanceof TimeoutException && !message.isBlank()) {
			return shorten(message);
		}
		if (isTimeout(cause)) {
			return cause.getClass().getSimpleName().contains("Connect") ? "connect timeout" : "timeout";
		}
		if (cause.getClass() == RedisException.class) {
			if (message.contains("not connected")) {
				return "not connected (commands are rejected while reconnecting)";
			}
			if (message.contains("disconnected")) {
				return "connection lost";
			}
			if (message.contains("Connection closed")) {
				return "connection closed";
			}
		}
		if (cause instanceof IOException && !message.isEmpty()) {
			return "connection failed: " + shorten(message);
		}
		return null;
	}

	private static boolean isTimeout(Throwable cause) {
		return cause instanceof TimeoutException
				|| cause.getClass().getName().equals("io.netty.channel.ConnectTimeoutException");
	}

	private static String unit(String unit) {
		String lower = unit.toLowerCase(Locale.ROOT);
		if (lower.startsWith("milli")) {
			return "ms";
		}
		if (lower.startsWith("micro")) {
			return "µs";
		}
		if (lower.startsWith("nano")) {
			return "ns";
		}
		if (lower.startsWith("minute")) {
			return "min";
		}
		return lower.startsWith("second") ? "s" : lower;
	}

	private static String fallback(Throwable failure) {
		Throwable deepest = failure;
		for (Throwable cause = failure; cause != null; cause = next(cause)) {
			deepest = cause;
		}
		String message = deepest.getMessage();
		return deepest.getClass().getSimpleName() + ((message != null && !message.isBlank()) ? ": " + shorten(message) : "");
	}

	private static @Nullable Throwable next(Throwable cause) {
		Throwable next = cause.getCause();
		return (next != cause) ? next : null;
	}

	private static String shorten(@Nullable String message) {
		if (message == null) {
			return "";
		}
		String oneLine = message.strip().replaceAll("\\s+", " ");
		return (oneLine.length() > MAX_LENGTH) ? oneLine.substring(0, MAX_LENGTH) + "…" : oneLine;
	}

	private static String mask(String text) {
		return CREDENTIALS_IN_URL.matcher(text).replaceAll("$1******@");
	}

}
