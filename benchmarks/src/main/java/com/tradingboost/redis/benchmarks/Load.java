package com.tradingboost.redis.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.HdrHistogram.Histogram;

/**
 * Runs an operation from many threads for a fixed time and reports throughput and latency.
 */
final class Load {

	private Load() {
	}

	record Result(double opsPerSecond, Histogram latencyNanos, long errors) {

		double p(double percentile) {
			return this.latencyNanos.getValueAtPercentile(percentile) / 1000.0;
		}

	}

	static Result run(int threads, Duration duration, Runnable operation) throws InterruptedException {
		Running running = start(threads, operation);
		Thread.sleep(duration.toMillis());
		return running.stop();
	}

	/** Starts the load and returns once every thread is calling; {@link Running#stop()} ends it. */
	static Running start(int threads, Runnable operation) throws InterruptedException {
		return new Running(threads, operation);
	}

	/** A load in progress. */
	static final class Running {

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final List<Histogram> histograms = new ArrayList<>();

		private final long[] counts;

		private final long[] errors;

		private final List<Thread> workers = new ArrayList<>();

		private final long start;

		private Running(int threads, Runnable operation) throws InterruptedException {
			CountDownLatch ready = new CountDownLatch(threads);
			CountDownLatch go = new CountDownLatch(1);
			this.counts = new long[threads];
			this.errors = new long[threads];
			for (int t = 0; t < threads; t++) {
				Histogram histogram = new Histogram(3_600_000_000_000L, 2);
				this.histograms.add(histogram);
				int index = t;
				Thread worker = new Thread(() -> {
					ready.countDown();
					await(go);
					while (this.running.get()) {
						long begin = System.nanoTime();
						try {
							operation.run();
						}
						catch (RuntimeException ex) {
							this.errors[index]++;
						}
						histogram.recordValue(Math.max(1, System.nanoTime() - begin));
						this.counts[index]++;
					}
				}, "load-" + t);
				worker.setDaemon(true);
				this.workers.add(worker);
				worker.start();
			}
			ready.await();
			this.start = System.nanoTime();
			go.countDown();
		}

		/** Stops the load, waits for the calls in flight and reports. */
		Result stop() throws InterruptedException {
			this.running.set(false);
			for (Thread worker : this.workers) {
				worker.join();
			}
			double seconds = (System.nanoTime() - this.start) / 1e9;
			Histogram all = new Histogram(3_600_000_000_000L, 2);
			this.histograms.forEach(all::add);
			long total = 0;
			long failed = 0;
			for (int t = 0; t < this.counts.length; t++) {
				total += this.counts[t];
				failed += this.errors[t];
			}
			return new Result(total / seconds, all, failed);
		}

	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
