package com.tradingboost.redis.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.tradingboost.redis.connection.RedisConnectionLostException;
import com.tradingboost.redis.connection.RedisFailure;
import com.tradingboost.redis.resilience.ResilienceTestApplication;

/** Client threads that run a body in a loop until stopped, and what the fault tests need to say about failures. */
final class FaultLoad implements AutoCloseable {

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final ExecutorService threads;

	private final List<Future<?>> futures = new ArrayList<>();

	/** One iteration of a client; exceptions it does not handle end the test with a failure at {@link #stop()}. */
	interface Body {

		void run(int thread) throws Exception;

	}

	FaultLoad(int threads, Body body) {
		this.threads = Executors.newFixedThreadPool(threads);
		for (int i = 0; i < threads; i++) {
			int thread = i;
			this.futures.add(this.threads.submit(() -> {
				while (this.running.get()) {
					body.run(thread);
				}
				return null;
			}));
		}
	}

	/** Stops the threads, waits for them and rethrows what a thread threw. */
	void stop() throws Exception {
		this.running.set(false);
		this.threads.shutdown();
		if (!this.threads.awaitTermination(30, TimeUnit.SECONDS)) {
			throw new AssertionError("client threads did not stop within 30 s");
		}
		for (Future<?> future : this.futures) {
			future.get();
		}
	}

	@Override
	public void close() {
		this.running.set(false);
		this.threads.shutdownNow();
	}

	/** Whether a failed write may have been applied: sent and then timed out or lost in flight. */
	static boolean mayHaveRun(Throwable failure) {
		RedisConnectionLostException lost = causeOfType(failure, RedisConnectionLostException.class);
		if (lost != null) {
			return lost.mayHaveRun();
		}
		return RedisFailure.of(failure) == RedisFailure.TIMEOUT;
	}

	/** Whether a failed write certainly did not run: refused by the breaker, or never sent. */
	static boolean didNotRun(Throwable failure) {
		RedisConnectionLostException lost = causeOfType(failure, RedisConnectionLostException.class);
		if (lost != null) {
			return !lost.mayHaveRun();
		}
		return RedisFailure.of(failure) == RedisFailure.REFUSED;
	}

	static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	static String chain(Throwable failure) {
		StringBuilder chain = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			chain.append((cause == failure) ? "" : " <- ").append(cause.getClass().getName()).append(": ")
				.append(cause.getMessage());
		}
		return chain.toString();
	}

}
