package com.tradingboost.redis.nearcache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.tradingboost.redis.DedicatedServerApplicationTests;
import com.tradingboost.redis.testsupport.DedicatedRedisServer;
import com.tradingboost.redis.testsupport.RedisServer;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.Cache.ValueWrapper;
import org.springframework.cache.CacheManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concurrent writers (another client, in MULTI/EXEC) and readers (through the near cache), with a check over the
 * recorded history: no read that began after the invalidation of version v was applied returns a version below v.
 * Each write also sets a marker key {@code hist::z:<key>:<version>}; Redis sends the marker and the key in the same
 * invalidation message, and the marker comes after the key, so the marker tells which version was invalidated.
 */
class NearCacheHistoryTests extends DedicatedServerApplicationTests {

	private static final int KEYS = 8;

	private static final int WRITERS = 2;

	private static final int READERS = 4;

	private static final int WRITES_PER_WRITER = 1500;

	NearCacheHistoryTests(@DedicatedRedisServer RedisServer server) {
		super(server);
	}

	@Test
	void readersNeverSeeAVersionOlderThanTheLastInvalidationApplied() throws Exception {
		this.server.flushAll();
		this.context = new SpringApplicationBuilder(NearCacheTestApplication.class).web(WebApplicationType.NONE)
			.run("--tradingboost.redis.host=" + this.server.host(), "--tradingboost.redis.port=" + this.server.port(),
					"--spring.main.banner-mode=off", "--tradingboost.redis.near-cache.enabled=true",
					"--tradingboost.redis.near-cache.caches=hist");
		NearCacheInvalidations invalidations = this.context.getBean(NearCacheInvalidations.class);
		NearCache cache = ((NearCacheManager) this.context.getBean(CacheManager.class)).getNearCache("hist");
		Awaitility.await().atMost(Duration.ofSeconds(15)).until(invalidations::isServing);
		Map<Integer, List<long[]>> applied = new ConcurrentHashMap<>();
		for (int key = 0; key < KEYS; key++) {
			applied.put(key, java.util.Collections.synchronizedList(new ArrayList<>()));
		}
		invalidations.addInvalidationListener((redisKey) -> {
			if (redisKey.startsWith("hist::z:")) {
				String[] parts = redisKey.split(":");
				applied.get(Integer.parseInt(parts[3])).add(new long[] { System.nanoTime(), Long.parseLong(parts[4]) });
			}
		});
		RedisClient client = RedisClient.create(RedisURI.create(this.server.host(), this.server.port()));
		ConcurrentLinkedQueue<long[]> reads = new ConcurrentLinkedQueue<>();
		AtomicBoolean writing = new AtomicBoolean(true);
		List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
		try {
			for (int key = 0; key < KEYS; key++) {
				this.server.execute("SET", "hist::a:" + key, "0");
			}
			CountDownLatch writersDone = new CountDownLatch(WRITERS);
			List<Thread> threads = new ArrayList<>();
			for (int w = 0; w < WRITERS; w++) {
				int writer = w;
				threads.add(started(() -> {
					try (StatefulRedisConnection<String, String> connection = client.connect()) {
						RedisCommands<String, String> redis = connection.sync();
						for (int i = 1; i <= WRITES_PER_WRITER; i++) {
							int key = writer + WRITERS * ThreadLocalRandom.current().nextInt(KEYS / WRITERS);
							long version = (long) i * WRITERS + writer;
							redis.multi();
							redis.set("hist::a:" + key, String.valueOf(version));
							redis.setex("hist::z:" + key + ":" + version, 60, "1");
							redis.exec();
						}
					}
					catch (Throwable ex) {
						failures.add(ex);
					}
					finally {
						writersDone.countDown();
					}
				}));
			}
			for (int r = 0; r < READERS; r++) {
				threads.add(started(() -> {
					try {
						while (writing.get()) {
							int key = ThreadLocalRandom.current().nextInt(KEYS);
							long start = System.nanoTime();
							ValueWrapper value = cache.get("a:" + key);
							reads.add(new long[] { key, start, Long.parseLong((String) value.get()) });
						}
					}
					catch (Throwable ex) {
						failures.add(ex);
					}
				}));
			}
			writersDone.await();
			writing.set(false);
			for (Thread thread : threads) {
				thread.join();
			}
		}
		finally {
			client.shutdown();
		}
		assertThat(failures).isEmpty();
		long stale = 0;
		for (long[] read : reads) {
			long lastApplied = lastAppliedBefore(applied.get((int) read[0]), read[1]);
			if (read[2] < lastApplied) {
				stale++;
			}
		}
		long checked = reads.stream().filter((read) -> lastAppliedBefore(applied.get((int) read[0]), read[1]) > 0)
			.count();
		assertThat(stale).as("reads older than the last invalidation applied, of %s reads (%s checked, %s L1 hits)",
				reads.size(), checked, cache.getHits()).isZero();
		assertThat(checked).isGreaterThan(1000);
		assertThat(cache.getHits()).as("reads served by L1").isGreaterThan(1000);
	}

	private static Thread started(Runnable task) {
		Thread thread = new Thread(task);
		thread.start();
		return thread;
	}

	/** The highest version whose invalidation was applied before a time (versions grow per key). */
	private static long lastAppliedBefore(List<long[]> applied, long time) {
		long version = 0;
		synchronized (applied) {
			for (long[] entry : applied) {
				if (entry[0] < time && entry[1] > version) {
					version = entry[1];
				}
			}
		}
		return version;
	}

}
