package com.tradingboost.redis.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
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

	private static final int STALENESS_SAMPLES = 300;

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
		try (StatefulRedisConnection<String, String> foreign = client.connect()) {
			NearCacheInvalidations invalidations = app.getBean(NearCacheInvalidations.class);
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (!invalidations.isServing() && System.nanoTime() < deadline) {
				Thread.onSpinWait();
			}
			Quotes quotes = app.getBean(Quotes.class);
			NearCacheManager manager = (NearCacheManager) app.getBean(CacheManager.class);
			Ratios ratio = new Ratios();
			Ratios nearOps = new Ratios();
			Ratios redisOps = new Ratios();
			Ratios p50 = new Ratios();
			Ratios p99 = new Ratios();
			Ratios max = new Ratios();
			for (int round = 1; round <= rounds; round++) {
				double near = readRate(quotes::near, window);
				double viaRedis = readRate(quotes::redis, window);
				nearOps.add(near);
				redisOps.add(viaRedis);
				ratio.add(near / viaRedis);
				double[] staleness = staleness(quotes, manager.getNearCache("near"), foreign.sync());
				p50.add(staleness[0]);
				p99.add(staleness[1]);
				max.add(staleness[2]);
				progress.accept(String.format(Locale.ROOT,
						"round %d nearcache: L1 %.0f reads/s, Redis %.0f reads/s (%.1fx); staleness p50 %.3f ms, p99 %.3f ms",
						round, near, viaRedis, near / viaRedis, staleness[0], staleness[1]));
			}
			Duration historyLength = Duration.ofSeconds(Math.max(10, rounds * 4L));
			long[] history = history(manager.getCache("hist"), manager.getNearCache("hist"), invalidations, client,
					historyLength);
			progress.accept("nearcache history: " + history[0] + " reads, " + history[1] + " checked, " + history[2]
					+ " L1 hits, " + history[3] + " writes, " + history[4] + " stale");
			targets.row("Near cache: hot @Cacheable read, L1 vs Redis", ratio.format("%.1fx"), "≥ 20x",
					ratio.median() >= 20);
			targets.row("Near cache: staleness window p99", p99.format("%.2f ms"), "≤ 5 ms", p99.median() <= 5);
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
				.append("| staleness window max | ").append(max.format("%.3f ms")).append(" |\n\n")
				.append("Staleness window: another connection sends `SET` of a key whose old value is in L1; the time")
				.append(" from sending it until a read through the application returns the new value (every read")
				.append(" before that is an L1 hit of the old one), ")
				.append(STALENESS_SAMPLES)
				.append(" samples per round.\n\n")
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

	/** Returns p50, p99 and max, in milliseconds. */
	private static double[] staleness(Quotes quotes, NearCache cache, RedisCommands<String, String> foreign) {
		List<Long> samples = new ArrayList<>();
		for (int i = 0; i < STALENESS_SAMPLES; i++) {
			String key = "stale";
			quotes.near(key);
			String old = quotes.near(key);
			while (!cache.isLocallyCached(key)) {
				old = quotes.near(key);
			}
			String fresh = "v" + System.nanoTime();
			long start = System.nanoTime();
			foreign.getStatefulConnection().async().set("near::" + key, fresh);
			while (!fresh.equals(quotes.near(key))) {
				Thread.onSpinWait();
			}
			samples.add(System.nanoTime() - start);
			if (old.equals(fresh)) {
				throw new IllegalStateException("a value read twice");
			}
		}
		samples.sort(null);
		return new double[] { samples.get(samples.size() / 2) / 1e6,
				samples.get((int) Math.ceil(samples.size() * 0.99) - 1) / 1e6, samples.get(samples.size() - 1) / 1e6 };
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
