package com.tradingboost.redis.ops;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import com.tradingboost.redis.resilience.RedisOutages;

/**
 * Runs a Redis operation and returns a fallback while Redis is unavailable (circuit breaker open, no connection,
 * timeout), logging at most once per interval; errors that are not outages propagate.
 */
public final class RedisSafeCalls {

	private static final Log logger = LogFactory.getLog(RedisSafeCalls.class);

	private final long warnIntervalNanos;

	private final AtomicLong nextWarning = new AtomicLong(Long.MIN_VALUE);

	private final AtomicLong suppressed = new AtomicLong();

	public RedisSafeCalls(Duration warnInterval) {
		this.warnIntervalNanos = RedisArguments.ttl(warnInterval, "warnInterval").toNanos();
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
			if (!RedisOutages.isOutage(ex) && !(ex instanceof com.tradingboost.redis.resilience.RedisCircuitBreakerOpenException)) {
				throw ex;
			}
			warn(ex);
			return fallback.get();
		}
	}

	private void warn(RuntimeException ex) {
		long now = System.nanoTime();
		long next = this.nextWarning.get();
		if ((next == Long.MIN_VALUE || now - next >= 0) && this.nextWarning.compareAndSet(next, now + this.warnIntervalNanos)) {
			logger.warn("Redis unavailable, using the fallback (" + this.suppressed.getAndSet(0)
					+ " more since the last warning): " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
		else {
			this.suppressed.incrementAndGet();
		}
	}

}
