package com.tradingboost.redis.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushListener;
import io.lettuce.core.api.sync.RedisCommands;

import com.tradingboost.redis.nearcache.NearCache;
import com.tradingboost.redis.nearcache.NearCacheInvalidations;
import com.tradingboost.redis.nearcache.NearCacheManager;
import com.tradingboost.redis.testsupport.LocalRedisServer;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.cache.autoconfigure.RedisCacheManagerBuilderCustomizer;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * The near cache: a hot {@code @Cacheable} read through L1 against the same read through Redis, the staleness window
 * after another connection writes a key, and stale reads in a randomized run of concurrent writers and readers.
 */
final class NearCacheBenchmark {

	private static final int HOT_KEYS = 100;

	private static final int STALENESS_SAMPLES = 1000;

	private static final String STALE_KEY = "stale";

	private static final int KEYS = 16;

	private static final int WRITERS = 2;

	private static final int READERS = 4;

	/** Receives a target row: name, measured, goal, met. */
	interface Targets {

		void row(String name, String measured, String goal, boolean met);

	}

	private NearCacheBenchmark() {
	}

	static String measure(LocalRedisServer redis, int rounds, Duration window, Targets targets,
			Consumer<String> progress) throws Exception {
		ConfigurableApplicationContext app = new SpringApplicationBuilder(NearCacheApplication.class)
			.web(WebApplicationType.NONE)
			.run("--spring.main.banner-mode=off", "--logging.level.root=WARN",
					"--tradingboost.redis.host=" + redis.host(), "--tradingboost.redis.port=" + redis.port(),
					"--tradingboost.redis.near-cache.enabled=true", "--tradingboost.redis.near-cache.caches=near,hist");
		RedisClient client = RedisClient.create(RedisURI.create(redis.host(), redis.port()));
		try (StatefulRedisConnection<String, String> foreign = client.connect();
				StatefulRedisConnection<String, String> bare = client.connect()) {
			NearCacheInvalidations invalidations = app.getBean(NearCacheInvalidations.class);
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (!invalidations.isServing() && System.nanoTime() < deadline) {
				Thread.onSpinWait();
			}
			Stamps stamps = new Stamps();
			invalidations.addInvalidationListener((redisKey) -> {
				if (redisKey.equals("near::" + STALE_KEY)) {
					stamps.evicted.compareAndSet(0, System.nanoTime());
				}
			});
			bare.addListener((PushListener) (message) -> {
				if ("invalidate".equals(message.getType())) {
					stamps.floor.compareAndSet(0, System.nanoTime());
				}
			});
			bare.sync().clientTracking(TrackingArgs.Builder.enabled().bcast().prefixes("near::" + STALE_KEY));
			foreign.sync().set("near::" + STALE_KEY, "v0");
			stamps.awaitBoth();
			Quotes quotes = app.getBean(Quotes.class);
			NearCacheManager manager = (NearCacheManager) app.getBean(CacheManager.class);
			Ratios ratio = new Ratios();
			Ratios nearOps = new Ratios();
			Ratios redisOps = new Ratios();
			Ratios p50 = new Ratios();
			Ratios p99 = new Ratios();
			Ratios max = new Ratios();
			Ratios readP50 = new Ratios();
			Ratios readP99 = new Ratios();
			Ratios floorP50 = new Ratios();
			Ratios floorP99 = new Ratios();
			Ratios ownP50 = new Ratios();
			Ratios p99OverFloor = new Ratios();
			long lateOldReads = 0;
			for (int round = 1; round <= rounds; round++) {
				double near = readRate(quotes::near, window);
				double viaRedis = readRate(quotes::redis, window);
				nearOps.add(near);
				redisOps.add(viaRedis);
				ratio.add(near / viaRedis);
				Staleness staleness = staleness(quotes, manager.getNearCache("near"), foreign, stamps);
				p50.add(staleness.evicted().p50());
				p99.add(staleness.evicted().p99());
				max.add(staleness.evicted().max());
				readP50.add(staleness.freshRead().p50());
				readP99.add(staleness.freshRead().p99());
				floorP50.add(staleness.floor().p50());
				floorP99.add(staleness.floor().p99());
				ownP50.add(staleness.own().p50());
				p99OverFloor.add(staleness.evicted().p99() - staleness.floor().p99());
				lateOldReads += staleness.lateOldReads();
				progress.accept(String.format(Locale.ROOT,
						"round %d nearcache: L1 %.0f reads/s, Redis %.0f reads/s (%.1fx); staleness p50 %.3f ms,"
								+ " p99 %.3f ms (bare Lettuce push p99 %.3f ms, near cache's share p50 %.3f ms;"
								+ " until a read returned the new value p99 %.3f ms)",
						round, near, viaRedis, near / viaRedis, staleness.evicted().p50(), staleness.evicted().p99(),
						staleness.floor().p99(), staleness.own().p50(), staleness.freshRead().p99()));
			}
			Duration historyLength = Duration.ofSeconds(Math.max(10, rounds * 4L));
			long[] history = history(manager.getCache("hist"), manager.getNearCache("hist"), invalidations, client,
					historyLength);
			progress.accept("nearcache history: " + history[0] + " reads, " + history[1] + " checked, " + history[2]
					+ " L1 hits, " + history[3] + " writes, " + history[4] + " stale");
			targets.row("Near cache: hot @Cacheable read, L1 vs Redis", ratio.format("%.1fx"), "≥ 20x",
					ratio.median() >= 20);
			targets.row("Near cache: staleness window p99",
					p99.format("%.2f ms") + "; bare Lettuce push, same writes: " + floorP99.format("%.2f ms"), "≤ 5 ms",
					p99.median() <= 5);
			targets.row("Near cache: stale reads after the invalidation was applied", String.valueOf(history[4]), "0",
					history[4] == 0);
			StringBuilder body = new StringBuilder();
			body.append("One application with `tradingboost.redis.near-cache.caches=near,hist`; the same `@Cacheable`")
				.append(" method body on cache `near` (L1 + Redis) and on cache `redis` (Redis only), ")
				.append(HOT_KEYS)
				.append(" hot keys, one thread, string values; ")
				.append(rounds)
				.append(" rounds of ")
				.append(window.toMillis())
				.append(" ms windows, interleaved.\n\n")
				.append("| measure | median (min–max) |\n|---|---|\n")
				.append("| hot read through L1 | ").append(nearOps.format("%.0f reads/s")).append(" |\n")
				.append("| same read through Redis | ").append(redisOps.format("%.0f reads/s")).append(" |\n")
				.append("| ratio | ").append(ratio.format("%.1fx")).append(" |\n")
				.append("| staleness window p50 | ").append(p50.format("%.3f ms")).append(" |\n")
				.append("| staleness window p99 | ").append(p99.format("%.3f ms")).append(" |\n")
				.append("| staleness window max | ").append(max.format("%.3f ms")).append(" |\n")
				.append("| floor: same `SET` → `invalidate` push on a bare Lettuce RESP3 connection, p50 | ")
				.append(floorP50.format("%.3f ms")).append(" |\n")
				.append("| floor, p99 | ").append(floorP99.format("%.3f ms")).append(" |\n")
				.append("| near cache's share: window − floor of each sample, p50 | ")
				.append(ownP50.format("%.3f ms")).append(" |\n")
				.append("| window p99 − floor p99 | ").append(p99OverFloor.format("%.3f ms")).append(" |\n")
				.append("| until a read returned the new value (window + one Redis `GET`), p50 | ")
				.append(readP50.format("%.3f ms")).append(" |\n")
				.append("| until a read returned the new value, p99 | ").append(readP99.format("%.3f ms"))
				.append(" |\n\n")
				.append("Staleness window: another connection sends `SET` of a key whose old value is in L1; the time")
				.append(" from sending it until the L1 entry has been evicted (stamped by an invalidation listener,")
				.append(" which runs after the eviction), from which point no read can return the old value. A reader")
				.append(" thread reads the key through the `@Cacheable` method in a busy loop throughout, as before;")
				.append(" reads of the old value that began after the stamp: **")
				.append(lateOldReads)
				.append("**. The floor is what Lettuce alone achieves for the same writes: another connection with")
				.append(" `CLIENT TRACKING ON BCAST`, on an event loop thread of its own as the near cache's is,")
				.append(" stamping the push. ")
				.append(STALENESS_SAMPLES)
				.append(" samples per round. On a 2-core machine running Redis, the writer, the event loops and the")
				.append(" busy reader at once, the tail of both is run-queue waits of a few milliseconds.\n\n")
				.append("Randomized run (")
				.append(historyLength.toSeconds())
				.append(" s): ")
				.append(WRITERS)
				.append(" writers on another connection (`MULTI` `SET` key, `SETEX` marker, `EXEC`, random keys of ")
				.append(KEYS)
				.append(") and ")
				.append(READERS)
				.append(" readers through the near cache; a read is stale when it returns a version below the")
				.append(" highest one whose invalidation had been applied before the read began: ")
				.append(history[0]).append(" reads, ").append(history[1]).append(" checked, ")
				.append(history[2]).append(" L1 hits, ").append(history[3]).append(" writes, **")
				.append(history[4]).append(" stale**.\n");
			return body.toString();
		}
		finally {
			client.shutdown();
			app.close();
		}
	}

	private static double readRate(java.util.function.Function<String, String> read, Duration window) {
		for (int i = 0; i < HOT_KEYS; i++) {
			read.apply("k" + i);
			read.apply("k" + i);
		}
		long end = System.nanoTime() + window.toNanos();
		long start = System.nanoTime();
		long reads = 0;
		while (System.nanoTime() < end) {
			for (int i = 0; i < HOT_KEYS; i++) {
				read.apply("k" + i);
			}
			reads += HOT_KEYS;
		}
		return reads / ((System.nanoTime() - start) / 1e9);
	}

	/**
	 * Measures the staleness window: each sample writes a new value of a key held in L1 and waits, reading it in a
	 * busy loop, until a read returns it.
	 */
	private static Staleness staleness(Quotes quotes, NearCache cache, StatefulRedisConnection<String, String> foreign,
			Stamps stamps) {
		long[] evicted = new long[STALENESS_SAMPLES];
		long[] floor = new long[STALENESS_SAMPLES];
		long[] own = new long[STALENESS_SAMPLES];
		long[] freshRead = new long[STALENESS_SAMPLES];
		long lateOldReads = 0;
		for (int i = 0; i < STALENESS_SAMPLES; i++) {
			quotes.near(STALE_KEY);
			String old = quotes.near(STALE_KEY);
			while (!cache.isLocallyCached(STALE_KEY)) {
				old = quotes.near(STALE_KEY);
			}
			stamps.evicted.set(0);
			stamps.floor.set(0);
			String fresh = "v" + System.nanoTime();
			long start = System.nanoTime();
			foreign.async().set("near::" + STALE_KEY, fresh);
			while (true) {
				long began = System.nanoTime();
				String value = quotes.near(STALE_KEY);
				if (fresh.equals(value)) {
					freshRead[i] = System.nanoTime() - start;
					break;
				}
				long evictedAt = stamps.evicted.get();
				if (evictedAt != 0 && began > evictedAt) {
					lateOldReads++;
				}
				Thread.onSpinWait();
			}
			stamps.awaitBoth();
			evicted[i] = stamps.evicted.get() - start;
			floor[i] = stamps.floor.get() - start;
			own[i] = evicted[i] - floor[i];
			if (old.equals(fresh)) {
				throw new IllegalStateException("a value read twice");
			}
		}
		return new Staleness(Percentiles.of(evicted), Percentiles.of(floor), Percentiles.of(own),
				Percentiles.of(freshRead), lateOldReads);
	}

	/** Returns reads, checked reads, L1 hits, writes and stale reads. */
	private static long[] history(Cache cache, NearCache near, NearCacheInvalidations invalidations,
			RedisClient client, Duration length) throws Exception {
		AtomicLongArray applied = new AtomicLongArray(KEYS);
		invalidations.addInvalidationListener((redisKey) -> {
			if (redisKey.startsWith("hist::z:")) {
				String[] parts = redisKey.split(":");
				int key = Integer.parseInt(parts[3]);
				long version = Long.parseLong(parts[4]);
				applied.accumulateAndGet(key, version, Math::max);
			}
		});
		try (StatefulRedisConnection<String, String> setup = client.connect()) {
			for (int key = 0; key < KEYS; key++) {
				setup.sync().set("hist::a:" + key, "0");
			}
		}
		long hitsBefore = near.getHits();
		AtomicBoolean running = new AtomicBoolean(true);
		LongAdder reads = new LongAdder();
		LongAdder checked = new LongAdder();
		LongAdder stale = new LongAdder();
		LongAdder writes = new LongAdder();
		List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
		List<Thread> threads = new ArrayList<>();
		for (int w = 0; w < WRITERS; w++) {
			int writer = w;
			threads.add(started(() -> {
				try (StatefulRedisConnection<String, String> connection = client.connect()) {
					RedisCommands<String, String> redis = connection.sync();
					for (long i = 1; running.get(); i++) {
						int key = writer + WRITERS * ThreadLocalRandom.current().nextInt(KEYS / WRITERS);
						long version = i * WRITERS + writer;
						redis.multi();
						redis.set("hist::a:" + key, String.valueOf(version));
						redis.setex("hist::z:" + key + ":" + version, 30, "1");
						redis.exec();
						writes.increment();
						if (ThreadLocalRandom.current().nextInt(4) == 0) {
							Thread.yield();
						}
					}
				}
				catch (Throwable ex) {
					failures.add(ex);
				}
			}));
		}
		for (int r = 0; r < READERS; r++) {
			threads.add(started(() -> {
				try {
					while (running.get()) {
						int key = ThreadLocalRandom.current().nextInt(KEYS);
						long atLeast = applied.get(key);
						Cache.ValueWrapper value = cache.get("a:" + key);
						long version = Long.parseLong((String) value.get());
						reads.increment();
						if (atLeast > 0) {
							checked.increment();
							if (version < atLeast) {
								stale.increment();
							}
						}
					}
				}
				catch (Throwable ex) {
					failures.add(ex);
				}
			}));
		}
		long end = System.nanoTime() + length.toNanos();
		while (System.nanoTime() < end && failures.isEmpty()) {
			Thread.sleep(50);
		}
		running.set(false);
		for (Thread thread : threads) {
			thread.join();
		}
		if (!failures.isEmpty()) {
			throw new IllegalStateException("the randomized run failed", failures.get(0));
		}
		return new long[] { reads.sum(), checked.sum(), near.getHits() - hitsBefore, writes.sum(), stale.sum() };
	}

	/** When the L1 entry of the sampled key was evicted and when the bare connection got the push, 0 until then. */
	private static final class Stamps {

		private final AtomicLong evicted = new AtomicLong();

		private final AtomicLong floor = new AtomicLong();

		/** Waits until both connections have processed the invalidation of the sampled key. */
		void awaitBoth() {
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (this.evicted.get() == 0 || this.floor.get() == 0) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("no invalidation of the sampled key within 10 s");
				}
				Thread.onSpinWait();
			}
		}

	}

	/** The staleness figures of one round: from sending the write to each event, in milliseconds. */
	private record Staleness(Percentiles evicted, Percentiles floor, Percentiles own, Percentiles freshRead,
			long lateOldReads) {
	}

	/** The median, the 99th percentile and the maximum of samples, in milliseconds. */
	private record Percentiles(double p50, double p99, double max) {

		static Percentiles of(long[] nanos) {
			long[] sorted = nanos.clone();
			Arrays.sort(sorted);
			return new Percentiles(sorted[sorted.length / 2] / 1e6,
					sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6, sorted[sorted.length - 1] / 1e6);
		}

	}

	private static Thread started(Runnable task) {
		Thread thread = new Thread(task, "near-cache-benchmark");
		thread.start();
		return thread;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableCaching
	static class NearCacheApplication {

		@Bean
		Quotes quotes() {
			return new Quotes();
		}

		@Bean
		RedisCacheManagerBuilderCustomizer stringValues() {
			return (builder) -> builder.cacheDefaults(builder.cacheDefaults()
				.serializeValuesWith(SerializationPair.fromSerializer(RedisSerializer.string())));
		}

	}

	static class Quotes {

		@Cacheable("near")
		public String near(String key) {
			return "computed-" + key;
		}

		@Cacheable("redis")
		public String redis(String key) {
			return "computed-" + key;
		}

	}

}
