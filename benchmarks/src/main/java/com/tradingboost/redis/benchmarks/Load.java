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
		AtomicBoolean running = new AtomicBoolean(true);
		CountDownLatch ready = new CountDownLatch(threads);
		CountDownLatch go = new CountDownLatch(1);
		List<Histogram> histograms = new ArrayList<>();
		long[] counts = new long[threads];
		long[] errors = new long[threads];
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			Histogram histogram = new Histogram(3_600_000_000_000L, 2);
			histograms.add(histogram);
			int index = t;
			Thread worker = new Thread(() -> {
				ready.countDown();
				await(go);
				while (running.get()) {
					long start = System.nanoTime();
					try {
						operation.run();
					}
					catch (RuntimeException ex) {
						errors[index]++;
					}
					histogram.recordValue(Math.max(1, System.nanoTime() - start));
					counts[index]++;
				}
			}, "load-" + t);
			worker.setDaemon(true);
			workers.add(worker);
			worker.start();
		}
		ready.await();
		long start = System.nanoTime();
		go.countDown();
		Thread.sleep(duration.toMillis());
		running.set(false);
		for (Thread worker : workers) {
			worker.join();
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		Histogram all = new Histogram(3_600_000_000_000L, 2);
		histograms.forEach(all::add);
		long total = 0;
		long failed = 0;
		for (int t = 0; t < threads; t++) {
			total += counts[t];
			failed += errors[t];
		}
		return new Result(total / seconds, all, failed);
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
