package com.tradingboost.redis.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.tradingboost.redis.ops.RedisBatchException;
import com.tradingboost.redis.ops.RedisBatches;
import com.tradingboost.redis.ops.RedisKeyScanner;
import com.tradingboost.redis.ops.RedisOptimisticUpdates;
import com.tradingboost.redis.ops.RedisQueuePopException;
import com.tradingboost.redis.ops.RedisSortedSetQueues;
import com.tradingboost.redis.testsupport.LocalRedisServer;
import com.tradingboost.redis.testsupport.RedisClusterServers;
import com.tradingboost.redis.testsupport.RedisServers;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A cluster master is killed while the patterns API works: every kind of work ends in a clear outcome (done, or a
 * {@link DataAccessException} that says what happened), never a silent partial result, and works again once the
 * replica has taken over. Each test starts its own cluster.
 */
@Tag("faults")
class PatternsFailoverFaultTests {

	private static final Duration RECOVERY = Duration.ofSeconds(30);

	@Test
	void aBatchDuringAFailoverCompletesOrSaysWhichKeysWereNotApplied() throws Exception {
		try (RedisClusterServers cluster = RedisServers.startCluster();
				ConfigurableApplicationContext context = start(cluster)) {
			@SuppressWarnings("unchecked")
			RedisBatches<String, String> batches = context.getBean(RedisBatches.class);
			Map<String, String> values = new LinkedHashMap<>();
			IntStream.range(0, 200_000).forEach((i) -> values.put("failover:batch:" + i, "v" + i));
			LocalRedisServer victim = cluster.masterForKey("failover:batch:0");
			CompletableFuture<Void> batch = CompletableFuture
				.runAsync(() -> batches.setAll(values, Duration.ofMinutes(10)));
			await().atMost(RECOVERY).until(() -> batch.isDone() || keysOn(victim) > 1000);
			victim.kill();
			LocalRedisServer promoted = cluster.awaitFailover(victim, RECOVERY);
			Throwable outcome = outcome(batch);
			if (outcome != null) {
				assertThat(outcome).isInstanceOf(RedisBatchException.class);
				RedisBatchException failure = (RedisBatchException) outcome;
				assertThat(failure.getApplied().size() + failure.getNotApplied().size() + failure.getUnknown().size())
					.isEqualTo(values.size());
				assertThat(failure.getNotApplied()).isNotEmpty();
				StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
				await().atMost(RECOVERY).ignoreExceptions().until(() -> {
					redis.opsForValue().get("failover:batch:0");
					return true;
				});
				List<String> sample = failure.getNotApplied().stream().map(String.class::cast).limit(2000).toList();
				assertThat(batches.getAll(sample)).as("keys reported as not applied").containsOnlyNulls();
			}
			await().atMost(RECOVERY).ignoreExceptions().untilAsserted(() -> batches.setAll(values, Duration.ofMinutes(10)));
			assertThat(promoted.execute("GET", "failover:batch:0")).isEqualTo("v0");
			assertThat(batches.getAll(List.of("failover:batch:199999"))).containsExactly("v199999");
		}
	}

	@Test
	void commandsToTheOtherMastersKeepWorkingWhileOneMasterFailsOver() throws Exception {
		try (RedisClusterServers cluster = RedisServers.startCluster();
				ConfigurableApplicationContext context = start(cluster)) {
			// Otherwise Redis itself answers CLUSTERDOWN for every slot until the failover is done.
			cluster.nodes().forEach((node) -> node.execute("CONFIG", "SET", "cluster-require-full-coverage", "no"));
			StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
			LocalRedisServer victim = cluster.masterForKey("isolation:{victim}");
			List<String> healthyKeys = IntStream.range(0, 100)
				.mapToObj((i) -> "isolation:" + i)
				.filter((key) -> cluster.masterForKey(key) != victim)
				.toList();
			AtomicBoolean running = new AtomicBoolean(true);
			AtomicInteger healthyFailures = new AtomicInteger();
			AtomicInteger healthyCalls = new AtomicInteger();
			AtomicInteger victimFailures = new AtomicInteger();
			CompletableFuture<Void> victimLoad = CompletableFuture.runAsync(() -> {
				while (running.get()) {
					try {
						redis.opsForValue().set("isolation:{victim}", "x");
					}
					catch (DataAccessException ex) {
						victimFailures.incrementAndGet();
					}
				}
			});
			List<String> healthyErrors = new ArrayList<>();
			CompletableFuture<Void> healthyLoad = CompletableFuture.runAsync(() -> {
				int i = 0;
				while (running.get()) {
					String key = healthyKeys.get(i++ % healthyKeys.size());
					try {
						redis.opsForValue().set(key, "v");
						healthyCalls.incrementAndGet();
					}
					catch (DataAccessException ex) {
						healthyFailures.incrementAndGet();
						synchronized (healthyErrors) {
							if (healthyErrors.size() < 5) {
								healthyErrors.add(ex.getMostSpecificCause().toString());
							}
						}
					}
				}
			});
			await().atMost(RECOVERY).until(() -> healthyCalls.get() > 100);
			victim.kill();
			cluster.awaitFailover(victim, RECOVERY);
			await().atMost(RECOVERY).ignoreExceptions().until(() -> {
				redis.opsForValue().set("isolation:{victim}", "back");
				return true;
			});
			running.set(false);
			victimLoad.get(10, TimeUnit.SECONDS);
			healthyLoad.get(10, TimeUnit.SECONDS);
			assertThat(victimFailures).as("calls to the killed master failed").hasPositiveValue();
			assertThat(healthyFailures).as("calls to the other masters failed: %s", healthyErrors).hasValue(0);
		}
	}

	@Test
	void queuePopsDuringAFailoverReturnOrFailClearlyAndLoseNoMember() throws Exception {
		try (RedisClusterServers cluster = RedisServers.startCluster();
				ConfigurableApplicationContext context = start(cluster)) {
			@SuppressWarnings("unchecked")
			RedisSortedSetQueues<String, String> queues = context.getBean(RedisSortedSetQueues.class);
			List<String> names = List.of("failover:queue:a", "failover:queue:b", "failover:queue:c");
			Set<String> added = new HashSet<>();
			for (String name : names) {
				Map<String, Double> members = new LinkedHashMap<>();
				IntStream.range(0, 3000).forEach((i) -> members.put(name + ":" + i, (double) i));
				queues.addAll(name, members);
				added.addAll(members.keySet());
			}
			Set<String> popped = ConcurrentHashMap.newKeySet();
			Set<RedisSortedSetQueues.QueueItem<String, String>> unknown = ConcurrentHashMap.newKeySet();
			LocalRedisServer victim = cluster.masterForKey(names.get(0));
			Outcomes outcomes = Outcomes.during(() -> {
				try {
					queues.popLowest(5, names).forEach((item) -> popped.add(item.member()));
				}
				catch (RedisQueuePopException ex) {
					ex.<String, String>getPopped().forEach((item) -> popped.add(item.member()));
					unknown.addAll(ex.getUnknown());
					throw ex;
				}
			}, () -> {
				await().atMost(RECOVERY).until(() -> popped.size() > 500);
				victim.kill();
				cluster.awaitFailover(victim, RECOVERY);
			});
			outcomes.assertClear();
			for (RedisSortedSetQueues.QueueItem<String, String> item : unknown) {
				queues.addAll(item.queue(), Map.of(item.member(), item.score()));
			}
			await().atMost(RECOVERY).ignoreExceptions().until(() -> {
				List<RedisSortedSetQueues.QueueItem<String, String>> rest;
				do {
					rest = queues.popLowest(500, names);
					rest.forEach((item) -> popped.add(item.member()));
				}
				while (!rest.isEmpty());
				return true;
			});
			assertThat(added).as("every member delivered at least once").isSubsetOf(popped);
		}
	}

	@Test
	void optimisticUpdatesDuringAFailoverReturnOrFailClearly() throws Exception {
		try (RedisClusterServers cluster = RedisServers.startCluster();
				ConfigurableApplicationContext context = start(cluster)) {
			@SuppressWarnings("unchecked")
			RedisOptimisticUpdates<String, String> updates = context.getBean(RedisOptimisticUpdates.class);
			String counter = "failover:counter";
			String document = "failover:document";
			LocalRedisServer victim = cluster.masterForKey(counter);
			AtomicInteger acknowledged = new AtomicInteger();
			Outcomes outcomes = Outcomes.during(() -> {
				updates.increment(counter, 1);
				updates.update(document, (current) -> (current != null) ? current + "x" : "x");
				acknowledged.incrementAndGet();
			}, () -> {
				await().atMost(RECOVERY).until(() -> acknowledged.get() > 200);
				victim.kill();
				cluster.awaitFailover(victim, RECOVERY);
			});
			outcomes.assertClear();
			await().atMost(RECOVERY).ignoreExceptions().until(() -> updates.increment(counter, 1) > 0);
			assertThat(updates.update(document, (current) -> "after")).isEqualTo("after");
		}
	}

	@Test
	void aScanDuringAFailoverReturnsEveryKeyOrFailsClearly() throws Exception {
		try (RedisClusterServers cluster = RedisServers.startCluster();
				ConfigurableApplicationContext context = start(cluster)) {
			@SuppressWarnings("unchecked")
			RedisBatches<String, String> batches = context.getBean(RedisBatches.class);
			@SuppressWarnings("unchecked")
			RedisKeyScanner<String> scanner = context.getBean(RedisKeyScanner.class);
			Map<String, String> values = new LinkedHashMap<>();
			IntStream.range(0, 30_000).forEach((i) -> values.put("failover:scan:" + i, "v"));
			batches.setAll(values, Duration.ofMinutes(10));
			LocalRedisServer victim = cluster.masterForKey("failover:scan:0");
			awaitReplicated(victim, cluster.replicaOf(victim));
			AtomicInteger seen = new AtomicInteger();
			CompletableFuture<Set<String>> scan = CompletableFuture.supplyAsync(() -> {
				Set<String> keys = new HashSet<>();
				scanner.scan("failover:scan:*", 100, Long.MAX_VALUE).forEach((key) -> {
					keys.add(key);
					seen.incrementAndGet();
				});
				return keys;
			});
			await().atMost(RECOVERY).until(() -> scan.isDone() || seen.get() > 2000);
			victim.kill();
			Throwable outcome = outcome(scan);
			if (outcome == null) {
				assertThat(scan.get()).as("a scan that completes has every key").hasSize(values.size());
			}
			else {
				assertThat(outcome).isInstanceOf(DataAccessException.class);
			}
			cluster.awaitFailover(victim, RECOVERY);
			await().atMost(RECOVERY).ignoreExceptions().untilAsserted(() -> {
				try (java.util.stream.Stream<String> keys = scanner.scan("failover:scan:*", 1000, Long.MAX_VALUE)) {
					assertThat(keys.distinct().count()).isEqualTo(values.size());
				}
			});
		}
	}

	@Test
	void cachedReadsDuringAFailoverAnswerAndAreCachedAgainAfterIt() throws Exception {
		try (RedisClusterServers cluster = RedisServers.startCluster();
				ConfigurableApplicationContext context = start(cluster, CachingConfiguration.class)) {
			Quotes quotes = context.getBean(Quotes.class);
			List<String> symbols = IntStream.range(0, 50).mapToObj((i) -> "SYM" + i).toList();
			symbols.forEach(quotes::quote);
			int computedBefore = quotes.computed();
			LocalRedisServer victim = cluster.masterForKey("quotes::SYM0");
			AtomicInteger answered = new AtomicInteger();
			Outcomes outcomes = Outcomes.during(() -> {
				for (String symbol : symbols) {
					assertThat(quotes.quote(symbol)).isEqualTo("quote of " + symbol);
					answered.incrementAndGet();
				}
			}, () -> {
				await().atMost(RECOVERY).until(() -> answered.get() > 500);
				victim.kill();
				cluster.awaitFailover(victim, RECOVERY);
			});
			assertThat(outcomes.failedClearly).as("fail-soft: every cached read answers").hasValue(0);
			assertThat(outcomes.unclear).isEmpty();
			assertThat(quotes.computed()).as("computed again while the cache was unavailable")
				.isGreaterThan(computedBefore);
			await().atMost(RECOVERY).untilAsserted(() -> {
				int computed = quotes.computed();
				symbols.forEach(quotes::quote);
				symbols.forEach(quotes::quote);
				assertThat(quotes.computed()).as("served from the cache again").isLessThanOrEqualTo(computed + 50);
			});
			// The killed master is still down, flagged as failed: clearing must not try to SCAN it.
			context.getBean(CacheManager.class).getCache("quotes").clear();
			int computed = quotes.computed();
			symbols.forEach(quotes::quote);
			assertThat(quotes.computed()).as("every entry cleared").isEqualTo(computed + symbols.size());
		}
	}

	@Test
	void theBreakerStillOpensWhenEveryNodeIsDown() {
		try (RedisClusterServers cluster = RedisServers.startCluster();
				ConfigurableApplicationContext context = start(cluster)) {
			StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
			IntStream.range(0, 30).forEach((i) -> redis.opsForValue().set("down:" + i, "v"));
			CircuitBreaker breaker = context.getBean(CircuitBreakerRegistry.class).circuitBreaker("redis");
			cluster.nodes().forEach(LocalRedisServer::kill);
			AtomicInteger i = new AtomicInteger();
			await().atMost(RECOVERY).pollInSameThread().until(() -> {
				try {
					redis.opsForValue().get("down:" + (i.incrementAndGet() % 30));
				}
				catch (DataAccessException expected) {
					// Counted once the connections have been gone for longer than a reconnect.
				}
				return breaker.getState() == CircuitBreaker.State.OPEN;
			});
			assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		}
	}

	/**
	 * Runs one piece of work again and again while a disruption happens: every call must return or throw a
	 * {@link DataAccessException}, none may hang.
	 */
	private static final class Outcomes {

		private final AtomicInteger succeeded = new AtomicInteger();

		private final AtomicInteger failedClearly = new AtomicInteger();

		private final List<Throwable> unclear = new java.util.concurrent.CopyOnWriteArrayList<>();

		static Outcomes during(Runnable work, ThrowingRunnable disruption) throws Exception {
			Outcomes outcomes = new Outcomes();
			AtomicBoolean running = new AtomicBoolean(true);
			CompletableFuture<Void> loop = CompletableFuture.runAsync(() -> {
				while (running.get()) {
					try {
						work.run();
						outcomes.succeeded.incrementAndGet();
					}
					catch (DataAccessException ex) {
						outcomes.failedClearly.incrementAndGet();
					}
					catch (RuntimeException ex) {
						outcomes.unclear.add(ex);
					}
				}
			});
			try {
				disruption.run();
				int before = outcomes.succeeded.get();
				await().atMost(RECOVERY).until(() -> outcomes.succeeded.get() > before + 10);
			}
			finally {
				running.set(false);
			}
			loop.get(RECOVERY.toSeconds(), TimeUnit.SECONDS);
			return outcomes;
		}

		void assertClear() {
			assertThat(this.unclear).as("failures other than DataAccessException").isEmpty();
			assertThat(this.failedClearly).as("calls failed while no master owned the slot").hasPositiveValue();
			assertThat(this.succeeded).hasPositiveValue();
		}

	}

	@FunctionalInterface
	private interface ThrowingRunnable {

		void run() throws Exception;

	}

	private static long keysOn(LocalRedisServer server) {
		return (Long) server.execute("DBSIZE");
	}

	private static Throwable outcome(CompletableFuture<?> work) throws InterruptedException {
		try {
			work.get(RECOVERY.toSeconds(), TimeUnit.SECONDS);
			return null;
		}
		catch (java.util.concurrent.ExecutionException ex) {
			return ex.getCause();
		}
		catch (java.util.concurrent.TimeoutException ex) {
			throw new AssertionError("the work neither finished nor failed within " + RECOVERY, ex);
		}
	}

	static ConfigurableApplicationContext start(RedisClusterServers cluster, Class<?>... configurations) {
		return new SpringApplicationBuilder(PatternsFailoverApplication.class).sources(configurations)
			.web(WebApplicationType.NONE)
			.run("--spring.main.banner-mode=off",
					"--tradingboost.redis.cluster.nodes=" + String.join(",", cluster.seedEndpoints()));
	}

	/**
	 * Waits until the replica has everything the master acknowledged: replication is asynchronous, so a write
	 * acknowledged just before a {@code SIGKILL} could otherwise be lost by Redis itself.
	 */
	private static void awaitReplicated(LocalRedisServer master, LocalRedisServer replica) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> replicationOffset(replica, "slave_repl_offset") >= replicationOffset(master,
					"master_repl_offset"));
	}

	private static long replicationOffset(LocalRedisServer server, String field) {
		return ((String) server.execute("INFO", "replication")).lines()
			.filter((line) -> line.startsWith(field + ":"))
			.map((line) -> Long.parseLong(line.substring(field.length() + 1).trim()))
			.findFirst()
			.orElse(-1L);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

		@Bean
		Quotes quotes() {
			return new Quotes();
		}

	}

	static class Quotes {

		private final AtomicInteger computed = new AtomicInteger();

		@Cacheable("quotes")
		public String quote(String symbol) {
			this.computed.incrementAndGet();
			return "quote of " + symbol;
		}

		public int computed() {
			return this.computed.get();
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class PatternsFailoverApplication {

	}

}
