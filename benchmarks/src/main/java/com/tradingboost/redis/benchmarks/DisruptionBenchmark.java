package com.tradingboost.redis.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import com.tradingboost.redis.benchmarks.BenchmarkApplication.Variant;
import com.tradingboost.redis.testsupport.LocalRedisServer;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Rounds of the two disruption benchmarks of issue 12: connections dropped by the server under load (item 4) and a
 * paused server under load (item 5). Each round starts a fresh application with the starter's defaults on the
 * harness's server, so that a breaker opened in one round does not carry into the next.
 */
final class DisruptionBenchmark {

	/** Client threads while connections are dropped. */
	static final int DROP_THREADS = 16;

	/** {@code CLIENT KILL TYPE normal SKIPME yes} sent this many times ... */
	static final int KILLS = 4;

	/** ... this far apart, the first one this long after the load started. */
	static final Duration KILL_INTERVAL = Duration.ofSeconds(1);

	/** Every n-th call of a thread is a SET of the thread's own key; the others are GETs of it. */
	static final int WRITE_EVERY = 10;

	/** Client threads while the server is paused. */
	static final int PAUSE_THREADS = 4;

	/** The application's {@code tradingboost.redis.command-timeout} while the server is paused. */
	static final Duration PAUSE_COMMAND_TIMEOUT = Duration.ofMillis(500);

	/** How long the server stays stopped (SIGSTOP to SIGCONT). */
	static final Duration PAUSE = Duration.ofSeconds(2);

	/** Load before the pause and after the resume. */
	static final Duration AROUND_PAUSE = Duration.ofSeconds(1);

	/** A call that took longer than this multiple of the command timeout counts as over budget. */
	static final double BUDGET_FACTOR = 1.5;

	/** Each thread parks this long between its calls. */
	static final Duration PACE = Duration.ofMillis(1);

	private static final String VALUE = "v".repeat(64);

	/**
	 * One round with dropped connections.
	 *
	 * @param reads GET calls that ended during the round
	 * @param readsFailed those that threw
	 * @param readsRefused those of the failed GETs refused by the open circuit breaker
	 * @param writes SET calls that ended during the round
	 * @param writesFailed those that threw
	 * @param writesRefused those of the failed SETs refused by the open circuit breaker
	 * @param connectionsKilled client connections the server reported killed, all kills together
	 * @param breakerOpened transitions of the breaker to OPEN during the round
	 * @param endState the breaker's state when the load stopped
	 * @param breakerSource where the breaker was found
	 * @param slowestReadMillis the slowest GET, failed or not
	 * @param failures failed calls by kind of call, exception and root cause
	 */
	record Dropped(long reads, long readsFailed, long readsRefused, long writes, long writesFailed, long writesRefused,
			long connectionsKilled,
			int breakerOpened, String endState, String breakerSource, double slowestReadMillis,
			Map<String, Long> failures) {

	}

	/**
	 * One round with the server paused.
	 *
	 * @param calls GET calls that ended during the round (those in flight at the pause included)
	 * @param failed those that threw
	 * @param refused those of the failed calls refused by the open circuit breaker
	 * @param worstMillis the slowest single call
	 * @param overBudget calls slower than {@link #BUDGET_FACTOR} × the command timeout
	 * @param pausedMillis how long the server was actually stopped
	 * @param breakerOpened transitions of the breaker to OPEN during the round
	 * @param endState the breaker's state when the load stopped
	 * @param failures failed calls by exception and root cause
	 */
	record Paused(long calls, long failed, long refused, double worstMillis, long overBudget, double pausedMillis, int breakerOpened,
			String endState, Map<String, Long> failures) {

	}

	private DisruptionBenchmark() {
	}

	static Dropped dropped(LocalRedisServer redis, Consumer<String> log) throws Exception {
		RedisClient client = RedisClient.create(redis.url());
		long begin = System.nanoTime();
		ConfigurableApplicationContext app = BenchmarkApplication.start(Variant.STARTER, redis.host(), redis.port(),
				false, "--tradingboost.redis.client-name=bench-dropped");
		log.accept("application started in " + millisSince(begin) + " ms");
		try (StatefulRedisConnection<String, String> killer = client.connect()) {
			StringRedisTemplate template = app.getBean(StringRedisTemplate.class);
			for (int t = 0; t < DROP_THREADS; t++) {
				template.opsForValue().set(key("dropped", t), VALUE);
			}
			Optional<Breakers.Found> breaker = Breakers.of(app);
			AtomicInteger opened = countOpenings(breaker);
			Calls calls = new Calls("dropped", DROP_THREADS, WRITE_EVERY, Long.MAX_VALUE, template);
			long killed = 0;
			calls.start();
			try {
				for (int kill = 0; kill < KILLS; kill++) {
					Thread.sleep(KILL_INTERVAL.toMillis());
					Long n = killer.sync().clientKill(KillArgs.Builder.typeNormal().skipme(true));
					killed += (n != null) ? n : 0;
				}
				Thread.sleep(KILL_INTERVAL.toMillis());
			}
			finally {
				calls.stop();
			}
			String state = Breakers.state(breaker);
			return new Dropped(calls.reads.sum(), calls.readsFailed.sum(), calls.readsRefused.sum(), calls.writes.sum(),
					calls.writesFailed.sum(), calls.writesRefused.sum(), killed, opened.get(), state,
					breaker.map(Breakers.Found::source).orElse("none"), calls.slowestReadNanos.get() / 1e6,
					new TreeMap<>(calls.failures));
		}
		finally {
			close(app, log);
			client.shutdown();
		}
	}

	static Paused paused(LocalRedisServer redis, Consumer<String> log) throws Exception {
		long begin = System.nanoTime();
		ConfigurableApplicationContext app = BenchmarkApplication.start(Variant.STARTER, redis.host(), redis.port(),
				false, "--tradingboost.redis.client-name=bench-paused",
				"--tradingboost.redis.command-timeout=" + PAUSE_COMMAND_TIMEOUT.toMillis() + "ms");
		log.accept("application started in " + millisSince(begin) + " ms");
		try {
			StringRedisTemplate template = app.getBean(StringRedisTemplate.class);
			for (int t = 0; t < PAUSE_THREADS; t++) {
				template.opsForValue().set(key("paused", t), VALUE);
			}
			Optional<Breakers.Found> breaker = Breakers.of(app);
			AtomicInteger opened = countOpenings(breaker);
			long budget = (long) (PAUSE_COMMAND_TIMEOUT.toNanos() * BUDGET_FACTOR);
			Calls calls = new Calls("paused", PAUSE_THREADS, 0, budget, template);
			long pausedNanos;
			calls.start();
			try {
				Thread.sleep(AROUND_PAUSE.toMillis());
				redis.pause();
				long pausedAt = System.nanoTime();
				try {
					Thread.sleep(PAUSE.toMillis());
				}
				finally {
					pausedNanos = System.nanoTime() - pausedAt;
					redis.resume();
				}
				Thread.sleep(AROUND_PAUSE.toMillis());
			}
			finally {
				calls.stop();
			}
			return new Paused(calls.reads.sum(), calls.readsFailed.sum(), calls.readsRefused.sum(),
					calls.slowestReadNanos.get() / 1e6,
					calls.overBudget.sum(),
					pausedNanos / 1e6, opened.get(), Breakers.state(breaker), new TreeMap<>(calls.failures));
		}
		finally {
			close(app, log);
		}
	}

	private static void close(ConfigurableApplicationContext app, Consumer<String> log) {
		long begin = System.nanoTime();
		app.close();
		log.accept("application closed in " + millisSince(begin) + " ms");
	}

	private static long millisSince(long nanos) {
		return (System.nanoTime() - nanos) / 1_000_000;
	}

	private static AtomicInteger countOpenings(Optional<Breakers.Found> breaker) {
		AtomicInteger opened = new AtomicInteger();
		breaker.ifPresent((found) -> found.breaker().getEventPublisher().onStateTransition((event) -> {
			if (event.getStateTransition().getToState() == State.OPEN) {
				opened.incrementAndGet();
			}
		}));
		return opened;
	}

	private static String key(String prefix, int thread) {
		return "bench:" + prefix + ":" + thread;
	}

	/**
	 * Whether the open circuit breaker refused the call: a {@code RedisCircuitBreakerOpenException} in the cause
	 * chain, matched by simple name so that the harness does not depend on the starter's package layout.
	 */
	static boolean refused(Throwable ex) {
		for (Throwable t = ex; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if ("RedisCircuitBreakerOpenException".equals(t.getClass().getSimpleName())) {
				return true;
			}
		}
		return false;
	}

	/** What a failed call threw: its type, its root cause's type and the start of the root cause's message. */
	static String describe(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = String.valueOf(root.getMessage());
		for (String end : List.of(" since ", ";", ":")) {
			int cut = message.indexOf(end);
			message = (cut > 0) ? message.substring(0, cut) : message;
		}
		message = message.substring(0, Math.min(60, message.length()));
		return ex.getClass().getSimpleName() + ((root != ex) ? " ← " + root.getClass().getSimpleName() : "") + " \""
				+ message + "\"";
	}

	/** Paced GET (and optionally SET) calls of a few threads, each on a key of its own, counted and timed. */
	private static final class Calls {

		final LongAdder reads = new LongAdder();

		final LongAdder readsFailed = new LongAdder();

		final LongAdder writes = new LongAdder();

		final LongAdder writesFailed = new LongAdder();

		final LongAdder readsRefused = new LongAdder();

		final LongAdder writesRefused = new LongAdder();

		final AtomicLong slowestReadNanos = new AtomicLong();

		final Map<String, Long> failures = new ConcurrentHashMap<>();

		/** Calls (GET or SET) slower than the budget given to the constructor. */
		final LongAdder overBudget = new LongAdder();

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final List<Thread> threads = new ArrayList<>();

		Calls(String prefix, int threads, int writeEvery, long budgetNanos, StringRedisTemplate template) {
			for (int t = 0; t < threads; t++) {
				String key = key(prefix, t);
				Thread thread = new Thread(() -> {
					for (long i = 1; this.running.get(); i++) {
						boolean write = writeEvery > 0 && i % writeEvery == 0;
						long start = System.nanoTime();
						try {
							if (write) {
								template.opsForValue().set(key, VALUE);
							}
							else {
								template.opsForValue().get(key);
							}
						}
						catch (RuntimeException ex) {
							(write ? this.writesFailed : this.readsFailed).increment();
							if (refused(ex)) {
								(write ? this.writesRefused : this.readsRefused).increment();
							}
							this.failures.merge((write ? "SET: " : "GET: ") + describe(ex), 1L, Long::sum);
						}
						long took = System.nanoTime() - start;
						(write ? this.writes : this.reads).increment();
						if (!write) {
							this.slowestReadNanos.accumulateAndGet(took, Math::max);
						}
						if (took > budgetNanos) {
							this.overBudget.increment();
						}
						LockSupport.parkNanos(PACE.toNanos());
					}
				}, prefix + "-" + t);
				thread.setDaemon(true);
				this.threads.add(thread);
			}
		}

		void start() {
			this.threads.forEach(Thread::start);
		}

		/** Stops the load and waits for the calls in flight to end. */
		void stop() throws InterruptedException {
			this.running.set(false);
			for (Thread thread : this.threads) {
				thread.join(30_000);
			}
		}

	}

}
