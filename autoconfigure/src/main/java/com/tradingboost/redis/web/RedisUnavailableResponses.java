package com.tradingboost.redis.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import com.tradingboost.redis.resilience.RateLimitedWarning;
import com.tradingboost.redis.resilience.RedisOutages;
import com.tradingboost.redis.resilience.RedisRootCause;

/**
 * What a web request that failed because Redis is unavailable (circuit breaker open, not connected, pool exhausted,
 * timeout) is answered: 503 with {@code Retry-After} and an RFC 9457 problem detail that names Redis and the kind of
 * failure but no address, key or credential; logged as one warning per interval with counts, each stack trace at
 * DEBUG only.
 */
public final class RedisUnavailableResponses {

	/** The media type of the body. */
	public static final String PROBLEM_JSON = "application/problem+json";

	private static final Log logger = LogFactory.getLog(RedisUnavailableResponses.class);

	private final long retryAfterSeconds;

	private final RateLimitedWarning warning;

	/**
	 * Creates the responses.
	 * @param retryAfter the {@code Retry-After} to send, rounded up to whole seconds and at least one
	 * @param warnInterval the shortest time between two warnings
	 */
	public RedisUnavailableResponses(Duration retryAfter, Duration warnInterval) {
		this.retryAfterSeconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
		this.warning = new RateLimitedWarning(logger, warnInterval);
	}

	/**
	 * Tells whether a request that failed with the given exception is answered here.
	 * @param failure what the request failed with
	 * @return {@code true} when Redis is unavailable
	 */
	public boolean isRedisUnavailable(Throwable failure) {
		return RedisOutages.isUnavailable(failure);
	}

	/**
	 * Returns the {@code Retry-After} header value.
	 * @return whole seconds
	 */
	public String retryAfter() {
		return Long.toString(this.retryAfterSeconds);
	}

	/**
	 * Logs the failure (rate-limited) and returns the problem detail to answer with.
	 * @param method the request method
	 * @param path the request path, without query
	 * @param failure what the request failed with
	 * @return the UTF-8 JSON body
	 */
	public byte[] answer(String method, String path, Throwable failure) {
		String kind = RedisRootCause.kind(failure);
		this.warning.warn(kind, "Redis unavailable, answered 503 to " + method + " " + path + ": "
				+ RedisRootCause.describe(failure), failure);
		String body = "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,\"detail\":"
				+ quote("Redis is unavailable (" + kind + "); retry after " + this.retryAfterSeconds + " s")
				+ ",\"instance\":" + quote(path) + "}";
		return body.getBytes(StandardCharsets.UTF_8);
	}

	private static String quote(String text) {
		StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> quoted.append("\\\"");
				case '\\' -> quoted.append("\\\\");
				case '\n' -> quoted.append("\\n");
				case '\r' -> quoted.append("\\r");
				case '\t' -> quoted.append("\\t");
				default -> {
					if (c < 0x20) {
						quoted.append(String.format("\\u%04x", (int) c));
					}
					else {
						quoted.append(c);
					}
				}
			}
		}
		return quoted.append('"').toString();
	}

}
