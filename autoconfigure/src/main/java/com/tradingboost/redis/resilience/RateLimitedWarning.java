package com.tradingboost.redis.resilience;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

/**
 * Logs a warning at most once per interval and says how many similar ones were left out since the last, by kind,
 * so an outage does not flood the log with one line (or one stack trace) per call; every occurrence's stack trace
 * is logged at DEBUG.
 */
public final class RateLimitedWarning {

	private final Log logger;

	private final Duration interval;

	private final AtomicLong nextWarning = new AtomicLong();

	private volatile boolean warnedBefore;

	private final Map<String, LongAdder> suppressed = new ConcurrentHashMap<>();

	/**
	 * Creates a rate-limited warning.
	 * @param logger the logger to write to
	 * @param interval the shortest time between two warnings
	 */
	public RateLimitedWarning(Log logger, Duration interval) {
		this.logger = logger;
		this.interval = interval;
	}

	/**
	 * Logs the message unless a warning was logged within the interval, in which case it is only counted.
	 * @param message the warning; how many similar ones were left out since the last warning is appended
	 */
	public void warn(String message) {
		warn("", message, null);
	}

	/**
	 * Logs the message unless a warning was logged within the interval, in which case it is only counted; the
	 * failure's stack trace goes to DEBUG only.
	 * @param kind what the occurrence counts as, e.g. its root cause; counts are reported by kind
	 * @param message the warning; how many similar ones were left out since the last warning is appended
	 * @param failure the failure whose stack trace is logged at DEBUG, if any
	 */
	public void warn(String kind, String message, @Nullable Throwable failure) {
		if (failure != null && this.logger.isDebugEnabled()) {
			this.logger.debug(message, failure);
		}
		if (!tryAcquire()) {
			this.suppressed.computeIfAbsent(kind, (key) -> new LongAdder()).increment();
			return;
		}
		this.logger.warn(message + suffix(drainSuppressed()));
	}

	private boolean tryAcquire() {
		long now = System.nanoTime();
		long next = this.nextWarning.get();
		boolean first = !this.warnedBefore;
		if ((first || now - next >= 0) && this.nextWarning.compareAndSet(next, now + this.interval.toNanos())) {
			this.warnedBefore = true;
			return true;
		}
		return false;
	}

	private Map<String, Long> drainSuppressed() {
		Map<String, Long> counts = new TreeMap<>();
		this.suppressed.forEach((kind, count) -> {
			long value = count.sumThenReset();
			if (value > 0) {
				counts.put(kind, value);
			}
		});
		return counts;
	}

	private String suffix(Map<String, Long> counts) {
		long total = counts.values().stream().mapToLong(Long::longValue).sum();
		if (total == 0) {
			return " (similar warnings are logged at most once every " + describe(this.interval) + ")";
		}
		StringBuilder suffix = new StringBuilder(" (").append(total).append(" similar since the last warning");
		if (counts.size() > 1 || !counts.containsKey("")) {
			suffix.append(": ");
			String separator = "";
			for (Map.Entry<String, Long> count : counts.entrySet()) {
				suffix.append(separator).append(count.getKey().isEmpty() ? "other" : count.getKey()).append(" ")
					.append(count.getValue());
				separator = ", ";
			}
		}
		return suffix.append(")").toString();
	}

	private static String describe(Duration interval) {
		if (interval.toMillis() % 60_000 == 0) {
			return interval.toMinutes() + " min";
		}
		if (interval.toMillis() % 1000 == 0) {
			return interval.toSeconds() + " s";
		}
		return interval.toMillis() + " ms";
	}

}
