package com.tradingboost.redis.resilience;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;

/**
 * Logs a warning at most once per interval and says how many were suppressed in between, so an outage does not
 * flood the log with one line per call.
 */
public final class RateLimitedWarning {

	private final Log logger;

	private final long intervalNanos;

	private final AtomicLong nextWarning = new AtomicLong(Long.MIN_VALUE);

	private final AtomicLong suppressed = new AtomicLong();

	public RateLimitedWarning(Log logger, Duration interval) {
		this.logger = logger;
		this.intervalNanos = interval.toNanos();
	}

	/**
	 * Logs the message unless a warning was logged within the interval.
	 * @param message the warning; the count of suppressed warnings is appended
	 */
	public void warn(String message) {
		long now = System.nanoTime();
		long next = this.nextWarning.get();
		if ((next == Long.MIN_VALUE || now - next >= 0) && this.nextWarning.compareAndSet(next, now + this.intervalNanos)) {
			this.logger.warn(message + " (" + this.suppressed.getAndSet(0) + " similar since the last warning)");
		}
		else {
			this.suppressed.incrementAndGet();
		}
	}

}
