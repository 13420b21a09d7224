package com.tradingboost.redis.ops;

import java.time.Duration;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import com.tradingboost.redis.resilience.RateLimitedWarning;
import com.tradingboost.redis.resilience.RedisRootCause;
import com.tradingboost.redis.resilience.RedisOutages;

/**
 * Runs a Redis operation and returns a fallback while Redis is unavailable (circuit breaker open, no connection,
 * timeout), logging at most once per interval; errors that are not outages propagate.
 */
public final class RedisSafeCalls {

	private static final Log logger = LogFactory.getLog(RedisSafeCalls.class);

	private final RateLimitedWarning warning;

	public RedisSafeCalls(Duration warnInterval) {
		this.warning = new RateLimitedWarning(logger, RedisArguments.ttl(warnInterval, "warnInterval"));
	}

	/**
	 * Runs an operation.
	 * @param <T> the result type
	 * @param operation the Redis operation
	 * @param fallback what to return while Redis is unavailable
	 * @return the operation's result, or the fallback's during an outage
	 */
	public <T> T call(Supplier<T> operation, Supplier<T> fallback) {
		if (operation == null || fallback == null) {
			throw new IllegalArgumentException("operation and fallback must not be null");
		}
		try {
			return operation.get();
		}
		catch (RuntimeException ex) {
			if (!RedisOutages.isUnavailable(ex)) {
				throw ex;
			}
			String cause = RedisRootCause.describe(ex);
			this.warning.warn(cause, "Redis unavailable, using the fallback: " + cause, ex);
			return fallback.get();
		}
	}

}
