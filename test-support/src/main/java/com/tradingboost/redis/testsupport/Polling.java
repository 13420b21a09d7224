package com.tradingboost.redis.testsupport;

import java.time.Duration;
import java.util.function.Supplier;

/** Repeats a check until it yields a value or a deadline passes, reporting why its last attempt failed. */
final class Polling {

	private static final long INTERVAL_MILLIS = 50;

	private Polling() {
	}

	/**
	 * Calls {@code check} until it returns a value other than null; a {@link RuntimeException} it throws counts as
	 * "not yet" and its message ends up in the timeout's message.
	 */
	static <T> T await(String what, Duration timeout, Supplier<T> check) {
		long deadline = System.nanoTime() + timeout.toNanos();
		RuntimeException lastFailure = null;
		do {
			try {
				T result = check.get();
				if (result != null) {
					return result;
				}
			} catch (RuntimeException e) {
				lastFailure = e;
			}
			AbstractRedisServer.sleep(INTERVAL_MILLIS);
		} while (System.nanoTime() < deadline);
		throw new IllegalStateException("Timed out after " + timeout.toMillis() + " ms waiting for " + what
				+ (lastFailure == null ? "" : "; last check: " + lastFailure.getMessage()), lastFailure);
	}

	/** Calls {@code check} until it returns without throwing. */
	static void until(String what, Duration timeout, Runnable check) {
		await(what, timeout, () -> {
			check.run();
			return Boolean.TRUE;
		});
	}
}
