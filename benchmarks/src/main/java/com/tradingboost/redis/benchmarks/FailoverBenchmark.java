package com.tradingboost.redis.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import io.lettuce.core.cluster.SlotHash;

import com.tradingboost.redis.benchmarks.BenchmarkApplication.Variant;
import com.tradingboost.redis.resilience.RedisOutages;
import com.tradingboost.redis.testsupport.LocalRedisServer;
import com.tradingboost.redis.testsupport.RedisClusterServers;
import com.tradingboost.redis.testsupport.RedisSentinelSet;
import com.tradingboost.redis.testsupport.RedisServers;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * One round of the failover benchmark: a fresh Sentinel set or cluster, the starter's application on it, a few
 * threads of SET and GET through its {@code StringRedisTemplate}, a {@code SIGKILL} of a master under that load, and
 * what the callers saw until the failover was over.
 */
final class FailoverBenchmark {

	static final int THREADS = 4;

	static final int KEYS_PER_THREAD = 500;

	static final Duration PACE = Duration.ofMillis(1);

	static final Duration BEFORE_KILL = Duration.ofSeconds(1);

	static final Duration QUIET_AFTER_RECOVERY = Duration.ofSeconds(2);

	private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration STABLE_TIMEOUT = Duration.ofSeconds(20);

	private static final int SLOTS = 16384;

	private static final int SHARDS = 3;

	/** Where the application runs. */
	enum Topology {

		/** One master, one replica, three sentinels; the master is killed. */
		SENTINEL,

		/** Three masters with a replica each; the master owning a third of the slots is killed. */
		CLUSTER

	}

	/**
	 * What one round measured; times in milliseconds from the moment the kill was sent.
	 *
	 * @param promotedMillis until the fixture saw the replica promoted (Sentinel or cluster agreeing on it)
	 * @param recoveredMillis until the first acknowledged SET, issued after the kill, of a key the killed master owned
	 * @param lastFailureMillis until the last call that failed
	 * @param calls SET and GET calls that ended between the kill and the end of the load (in flight at the kill too)
	 * @param failed those of the calls that threw
	 * @param failedBeforeKill calls that threw before the kill (a healthy topology has none)
	 * @param refused failed calls the open circuit breaker refused without trying Redis
	 * @param failedOnSurvivors failed calls on keys of masters that were not killed (cluster only)
	 * @param lostAfterKill keys whose last acknowledged SET was issued after the kill and is not readable afterwards
	 * @param lostBeforeKill keys whose last acknowledged SET was issued before the kill and is not readable afterwards
	 * @param staleReads GETs that returned an older value than the same thread's acknowledged SET before it
	 * @param failures failed calls by exception and root cause (those before the kill apart)
	 */
	record Round(double promotedMillis, double recoveredMillis, double lastFailureMillis, long calls, long failed,
			long failedBeforeKill, long refused, long failedOnSurvivors, long lostAfterKill, long lostBeforeKill,
			long staleReads, Map<String, Long> failures) {

	}

	private FailoverBenchmark() {
	}

	static Round run(Topology topology, Consumer<String> progress) throws Exception {
		return (topology == Topology.SENTINEL) ? sentinel(progress) : cluster(progress);
	}

	private static Round sentinel(Consumer<String> progress) throws Exception {
		try (RedisSentinelSet sentinels = RedisServers.startSentinelSet();
				ConfigurableApplicationContext app = BenchmarkApplication.start(Variant.STARTER, false, List.of(
						"--tradingboost.redis.sentinel.master=" + sentinels.masterName(),
						"--tradingboost.redis.sentinel.nodes=" + String.join(",", sentinels.sentinelEndpoints())))) {
			LocalRedisServer master = sentinels.currentMaster();
			return measure(app.getBean(StringRedisTemplate.class), (key) -> true, master,
					() -> sentinels.awaitFailover(master, RECOVERY_TIMEOUT), progress);
		}
	}

	private static Round cluster(Consumer<String> progress) throws Exception {
		try (RedisClusterServers cluster = RedisServers.startCluster();
				ConfigurableApplicationContext app = BenchmarkApplication.start(Variant.STARTER, false,
						List.of("--tradingboost.redis.cluster.nodes=" + String.join(",", cluster.seedEndpoints())))) {
			LocalRedisServer master = cluster.masterForKey(key(0, 0));
			boolean[] killedSlots = new boolean[SLOTS];
			for (int shard = 0; shard < SHARDS; shard++) {
				int first = shard * SLOTS / SHARDS;
				int end = (shard + 1) * SLOTS / SHARDS;
				boolean killed = cluster.masterForSlot(first) == master;
				for (int slot = first; slot < end; slot++) {
					killedSlots[slot] = killed;
				}
			}
			return measure(app.getBean(StringRedisTemplate.class), (key) -> killedSlots[SlotHash.getSlot(key)], master,
					() -> cluster.awaitFailover(master, RECOVERY_TIMEOUT), progress);
		}
	}

	private static Round measure(StringRedisTemplate redis, KeyFilter onKilledMaster, LocalRedisServer master,
			Runnable awaitPromotion, Consumer<String> progress) throws InterruptedException {
		Shared shared = new Shared();
		List<Writer> writers = new ArrayList<>();
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < THREADS; t++) {
			Writer writer = new Writer(t, redis, onKilledMaster, shared);
			writers.add(writer);
			Thread thread = new Thread(writer, "failover-load-" + t);
			thread.setDaemon(true);
			threads.add(thread);
			thread.start();
		}
		Thread.sleep(BEFORE_KILL.toMillis());
		long killStart = System.nanoTime();
		shared.killStart = killStart;
		master.kill();
		shared.killDone = System.nanoTime();
		awaitPromotion.run();
		double promoted = millisSince(killStart);
		long recoveryDeadline = killStart + RECOVERY_TIMEOUT.toNanos();
		while (shared.recovered.get() == Long.MAX_VALUE && System.nanoTime() < recoveryDeadline) {
			Thread.sleep(5);
		}
		long stableDeadline = System.nanoTime() + STABLE_TIMEOUT.toNanos();
		while (System.nanoTime() - Math.max(shared.lastFailure.get(), killStart) < QUIET_AFTER_RECOVERY.toNanos()
				&& System.nanoTime() < stableDeadline) {
			Thread.sleep(20);
		}
		shared.running = false;
		for (Thread thread : threads) {
			thread.join(TimeUnit.SECONDS.toMillis(30));
		}
		long lostAfter = 0;
		long lostBefore = 0;
		for (Writer writer : writers) {
			for (int i = 0; i < KEYS_PER_THREAD; i++) {
				if (writer.acknowledged[i] > 0 && !readable(redis, writer.keys[i], writer.acknowledged[i])) {
					if (writer.acknowledgedAfterKill[i]) {
						lostAfter++;
					}
					else {
						lostBefore++;
					}
				}
			}
		}
		long recovered = shared.recovered.get();
		Round round = new Round(promoted,
				(recovered == Long.MAX_VALUE) ? Double.NaN : (recovered - killStart) / 1e6,
				(shared.lastFailure.get() == 0) ? 0 : (shared.lastFailure.get() - killStart) / 1e6,
				shared.calls.sum(), shared.failed.sum(), shared.failedBeforeKill.sum(), shared.refused.sum(),
				shared.failedOnSurvivors.sum(), lostAfter, lostBefore, shared.staleReads.sum(),
				new TreeMap<>(shared.failures));
		progress.accept(String.format(Locale.ROOT,
				"promoted %.0f ms, recovered %.0f ms, last failure %.0f ms, %d of %d calls failed (%d refused by"
						+ " the breaker, %d on surviving masters), lost %d acknowledged after / %d before the kill,"
						+ " %d stale reads, %d failed before the kill; failures %s",
				round.promotedMillis(), round.recoveredMillis(), round.lastFailureMillis(), round.failed(),
				round.calls(), round.refused(), round.failedOnSurvivors(), round.lostAfterKill(),
				round.lostBeforeKill(), round.staleReads(), round.failedBeforeKill(), round.failures()));
		return round;
	}

	/** Whether the key holds the acknowledged sequence number or a later one (from a SET whose reply was lost). */
	private static boolean readable(StringRedisTemplate redis, String key, long acknowledged) {
		String value = redis.opsForValue().get(key);
		return value != null && Long.parseLong(value) >= acknowledged;
	}

	private static double millisSince(long start) {
		return (System.nanoTime() - start) / 1e6;
	}

	static String key(int thread, int index) {
		return "failover:" + thread + ":" + index;
	}

	private interface KeyFilter {

		boolean test(String key);

	}

	/** State the load threads and the round share. */
	private static final class Shared {

		volatile boolean running = true;

		volatile long killStart = Long.MAX_VALUE;

		volatile long killDone = Long.MAX_VALUE;

		final AtomicLong recovered = new AtomicLong(Long.MAX_VALUE);

		final AtomicLong lastFailure = new AtomicLong();

		final LongAdder calls = new LongAdder();

		final LongAdder failed = new LongAdder();

		final LongAdder failedBeforeKill = new LongAdder();

		final LongAdder refused = new LongAdder();

		final LongAdder failedOnSurvivors = new LongAdder();

		final LongAdder staleReads = new LongAdder();

		final Map<String, Long> failures = new ConcurrentHashMap<>();

	}

	/** Sets its own keys to increasing sequence numbers and reads each back, at most once per {@link #PACE}. */
	private static final class Writer implements Runnable {

		private final StringRedisTemplate redis;

		private final Shared shared;

		final String[] keys = new String[KEYS_PER_THREAD];

		private final boolean[] onKilledMaster = new boolean[KEYS_PER_THREAD];

		final long[] acknowledged = new long[KEYS_PER_THREAD];

		final boolean[] acknowledgedAfterKill = new boolean[KEYS_PER_THREAD];

		private long sequence;

		Writer(int id, StringRedisTemplate redis, KeyFilter onKilledMaster, Shared shared) {
			this.redis = redis;
			this.shared = shared;
			for (int i = 0; i < KEYS_PER_THREAD; i++) {
				this.keys[i] = key(id, i);
				this.onKilledMaster[i] = onKilledMaster.test(this.keys[i]);
			}
		}

		@Override
		public void run() {
			while (this.shared.running) {
				int i = (int) (this.sequence % KEYS_PER_THREAD);
				long value = ++this.sequence;
				long start = System.nanoTime();
				boolean afterKill = start > this.shared.killDone;
				try {
					this.redis.opsForValue().set(this.keys[i], Long.toString(value));
					this.acknowledged[i] = value;
					this.acknowledgedAfterKill[i] = afterKill;
					if (afterKill && this.onKilledMaster[i]) {
						this.shared.recovered.accumulateAndGet(System.nanoTime(), Math::min);
					}
				}
				catch (RuntimeException ex) {
					failed(ex, i);
				}
				count();
				try {
					String read = this.redis.opsForValue().get(this.keys[i]);
					if (this.acknowledged[i] > 0 && (read == null || Long.parseLong(read) < this.acknowledged[i])) {
						this.shared.staleReads.increment();
					}
				}
				catch (RuntimeException ex) {
					failed(ex, i);
				}
				count();
				LockSupport.parkNanos(PACE.toNanos());
			}
		}

		/** Counts a call that ended after the kill was sent, including one in flight at that moment. */
		private void count() {
			if (System.nanoTime() > this.shared.killStart) {
				this.shared.calls.increment();
			}
		}

		private void failed(RuntimeException ex, int i) {
			long end = System.nanoTime();
			if (end <= this.shared.killStart) {
				this.shared.failedBeforeKill.increment();
				this.shared.failures.merge("before the kill: " + describe(ex), 1L, Long::sum);
				return;
			}
			this.shared.lastFailure.accumulateAndGet(end, Math::max);
			this.shared.failed.increment();
			if (RedisOutages.isUnavailable(ex) && !RedisOutages.isOutage(ex)) {
				this.shared.refused.increment();
			}
			if (!this.onKilledMaster[i]) {
				this.shared.failedOnSurvivors.increment();
			}
			this.shared.failures.merge(describe(ex), 1L, Long::sum);
		}

		private static String describe(Throwable ex) {
			Throwable root = ex;
			while (root.getCause() != null && root.getCause() != root) {
				root = root.getCause();
			}
			String message = String.valueOf(root.getMessage());
			for (String end : List.of(" since ", ":")) {
				int cut = message.indexOf(end);
				message = (cut > 0) ? message.substring(0, cut) : message;
			}
			message = message.substring(0, Math.min(60, message.length()));
			return ex.getClass().getSimpleName() + ((root != ex) ? " ← " + root.getClass().getSimpleName() : "") + " \""
					+ message + "\"";
		}

	}

}
