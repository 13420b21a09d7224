package com.tradingboost.redis.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.tradingboost.redis.testsupport.DedicatedRedisServer;
import com.tradingboost.redis.testsupport.RedisServer;
import com.tradingboost.redis.testsupport.RedisServerExtension;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@ExtendWith(RedisServerExtension.class)
class RedisPatternsIntegrationTests {

	private static RedisServer server;

	private static ConfigurableApplicationContext context;

	private RedisBatches batches;

	private RedisKeyScanner scanner;

	@BeforeAll
	static void start(@DedicatedRedisServer RedisServer dedicated) {
		server = dedicated;
		context = new SpringApplicationBuilder(PatternsTestApplication.class).web(WebApplicationType.NONE)
			.run("--tradingboost.redis.host=" + server.host(), "--tradingboost.redis.port=" + server.port(),
					"--spring.main.banner-mode=off");
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@BeforeEach
	void clean() {
		server.restore();
		server.flushAll();
		this.batches = context.getBean(RedisBatches.class);
		this.scanner = context.getBean(RedisKeyScanner.class);
	}

	@Test
	void setsTenThousandKeysWithOneTtlAndReadsThemBackInOrder() {
		Map<String, String> values = new LinkedHashMap<>();
		for (int i = 0; i < 10_000; i++) {
			values.put("price:" + i, "v" + i);
		}
		this.batches.setAll(values, Duration.ofHours(1));
		assertThat(server.execute("DBSIZE")).isEqualTo(10_000L);
		assertThat((Long) server.execute("TTL", "price:9999")).isBetween(3590L, 3600L);
		List<String> keys = List.of("price:42", "price:missing", "price:7", "price:9999");
		assertThat(this.batches.getAll(keys)).containsExactly("v42", null, "v7", "v9999");
	}

	@Test
	void expireAllCountsTheKeysThatExisted() {
		server.execute("SET", "e:1", "x");
		server.execute("SET", "e:2", "x");
		assertThat(this.batches.expireAll(List.of("e:1", "e:2", "e:missing"), Duration.ofMinutes(5))).isEqualTo(2);
		assertThat((Long) server.execute("TTL", "e:1")).isBetween(290L, 300L);
	}

	@Test
	void putHashReplacesTheHashAndSetsItsTtlTogether() {
		server.execute("HSET", "settings:u1", "old", "field");
		this.batches.putHash("settings:u1", Map.of("theme", "dark", "lang", "en"), Duration.ofDays(7));
		assertThat(server.execute("HGETALL", "settings:u1")).asList().containsExactlyInAnyOrder("theme", "dark", "lang", "en");
		assertThat((Long) server.execute("TTL", "settings:u1")).isBetween(7 * 86400L - 10, 7 * 86400L);
	}

	@Test
	void eachCommandOfABatchIsOneCallOfTheCircuitBreaker() {
		var breaker = context.getBean(CircuitBreakerRegistry.class).circuitBreaker("redis");
		java.util.concurrent.atomic.AtomicInteger recorded = new java.util.concurrent.atomic.AtomicInteger();
		breaker.getEventPublisher().onSuccess((event) -> recorded.incrementAndGet());
		Map<String, String> values = new LinkedHashMap<>();
		for (int i = 0; i < 2500; i++) {
			values.put("b:" + i, "x");
		}
		this.batches.setAll(values, Duration.ofMinutes(1));
		assertThat(recorded).hasValue(2500);
	}

	@Test
	void scanReturnsEachOfAHundredThousandKeysExactlyOnce() {
		Map<String, String> values = new LinkedHashMap<>();
		for (int i = 0; i < 100_000; i++) {
			values.put("user:" + i, "x");
		}
		values.put("other:1", "x");
		this.batches.setAll(values, Duration.ofMinutes(10));
		List<String> seen = new ArrayList<>();
		try (Stream<String> keys = this.scanner.scan("user:*", 1000, Long.MAX_VALUE)) {
			keys.forEach(seen::add);
		}
		Set<String> unique = new HashSet<>(seen);
		assertThat(seen).hasSize(100_000);
		assertThat(unique).hasSize(100_000).doesNotContain("other:1");
		try (Stream<String> limited = this.scanner.scan("user:*", 100, 250)) {
			assertThat(limited.count()).isEqualTo(250);
		}
	}

	@Test
	void deleteByPatternRemovesOnlyTheMatchingKeys() {
		Map<String, String> values = new LinkedHashMap<>();
		for (int i = 0; i < 3000; i++) {
			values.put("session:" + i, "x");
		}
		values.put("keep:1", "x");
		this.batches.setAll(values, Duration.ofMinutes(10));
		assertThat(this.scanner.deleteByPattern("session:*", 500)).isEqualTo(3000);
		assertThat(server.execute("DBSIZE")).isEqualTo(1L);
		assertThat(server.execute("EXISTS", "keep:1")).isEqualTo(1L);
	}

	@Test
	void twentyConcurrentWritersLoseNoIncrement() throws Exception {
		RedisOptimisticUpdates updates = context.getBean(RedisOptimisticUpdates.class);
		server.execute("SET", "orders:count", "0", "EX", "600");
		java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(20);
		try {
			List<java.util.concurrent.Future<?>> done = new ArrayList<>();
			for (int w = 0; w < 20; w++) {
				done.add(writers.submit(() -> {
					for (int i = 0; i < 25; i++) {
						updates.increment("orders:count", 1);
					}
				}));
			}
			for (java.util.concurrent.Future<?> future : done) {
				future.get(60, java.util.concurrent.TimeUnit.SECONDS);
			}
		}
		finally {
			writers.shutdownNow();
		}
		assertThat(server.execute("GET", "orders:count")).isEqualTo("500");
		assertThat((Long) server.execute("TTL", "orders:count")).as("the TTL is kept").isPositive();
	}

	@Test
	void anUpdateThatAlwaysLosesGivesUpWithAClearException() {
		RedisOptimisticUpdates updates = new RedisOptimisticUpdates(context.getBean(StringRedisTemplate.class), 3,
				Duration.ofMillis(1), Duration.ofMillis(5));
		java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
		assertThatExceptionOfType(OptimisticUpdateConflictException.class).isThrownBy(() -> updates.update("contested",
				(current) -> {
					attempts.incrementAndGet();
					server.execute("SET", "contested", "changed-by-someone-else-" + attempts.get());
					return "mine";
				}))
			.withMessageContaining("'contested' conflicted with concurrent writes 3 times");
		assertThat(attempts).hasValue(3);
		assertThat(server.execute("GET", "contested")).isEqualTo("changed-by-someone-else-3");
	}

	@Test
	void aCrossQueuePopReturnsTheGloballyLowestScores() {
		RedisSortedSetQueues queues = context.getBean(RedisSortedSetQueues.class);
		assertThat(queues.addAll("tasks:high", Map.of("h1", 5.0, "h2", 1.0, "h3", 9.0))).isEqualTo(3);
		queues.addAll("tasks:low", Map.of("l1", 2.0, "l2", 0.5, "l3", 7.0));
		List<RedisSortedSetQueues.QueueItem> popped = queues.popLowest(4, List.of("tasks:high", "tasks:low"));
		assertThat(popped).extracting(RedisSortedSetQueues.QueueItem::member).containsExactly("l2", "h2", "l1", "h1");
		assertThat(popped.get(0).queue()).isEqualTo("tasks:low");
		assertThat(popped.get(0).score()).isEqualTo(0.5);
		assertThat(server.execute("ZCARD", "tasks:high")).isEqualTo(1L);
		assertThat(server.execute("ZCARD", "tasks:low")).isEqualTo(1L);
	}

	@Test
	void aBlockingPopWaitsForWorkOrTimesOut() throws Exception {
		RedisSortedSetQueues queues = context.getBean(RedisSortedSetQueues.class);
		assertThat(queues.popLowestBlocking(Duration.ofMillis(200), List.of("jobs:a", "jobs:b"))).isEmpty();
		java.util.concurrent.CompletableFuture<java.util.Optional<RedisSortedSetQueues.QueueItem>> waiting = java.util.concurrent.CompletableFuture
			.supplyAsync(() -> queues.popLowestBlocking(Duration.ofSeconds(2), List.of("jobs:a", "jobs:b")));
		Thread.sleep(200);
		queues.addAll("jobs:b", Map.of("job-1", 3.0));
		assertThat(waiting.get(5, java.util.concurrent.TimeUnit.SECONDS)).hasValueSatisfying((item) -> {
			assertThat(item.queue()).isEqualTo("jobs:b");
			assertThat(item.member()).isEqualTo("job-1");
		});
	}

	@Test
	void theAuditFindsExactlyTheKeysWithoutTtlAndCanGiveThemOne() {
		Map<String, String> expiring = new LinkedHashMap<>();
		for (int i = 0; i < 1200; i++) {
			expiring.put("cache:" + i, "x");
		}
		this.batches.setAll(expiring, Duration.ofMinutes(10));
		for (int i = 0; i < 7; i++) {
			server.execute("SET", "cache:forever:" + i, "x");
		}
		server.execute("SET", "other:forever", "x");
		RedisTtlAudit audit = context.getBean(RedisTtlAudit.class);
		RedisTtlAudit.Report report = audit.audit("cache:*", 5);
		assertThat(report.scanned()).isEqualTo(1207);
		assertThat(report.withoutTtl()).isEqualTo(7);
		assertThat(report.keys()).hasSize(5).allMatch((key) -> key.startsWith("cache:forever:"));
		com.tradingboost.redis.actuate.RedisTtlAuditEndpoint endpoint = new com.tradingboost.redis.actuate.RedisTtlAuditEndpoint(
				audit);
		assertThat(endpoint.audit("cache:*").withoutTtl()).isEqualTo(7);
		assertThatExceptionOfType(org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException.class)
			.isThrownBy(() -> endpoint.apply("cache:*", "soon"));
		RedisTtlAudit.Report applied = endpoint.apply("cache:*", "15m");
		assertThat(applied.ttlApplied()).isEqualTo(7);
		assertThat((Long) server.execute("TTL", "cache:forever:3")).isBetween(890L, 900L);
		assertThat(server.execute("TTL", "other:forever")).isEqualTo(-1L);
		assertThat(audit.audit("cache:*", 5).withoutTtl()).isZero();
	}

	@Test
	void emptyBatchesDoNoIo() {
		server.execute("CONFIG", "RESETSTAT");
		this.batches.setAll(Map.of(), Duration.ofMinutes(1));
		assertThat(this.batches.getAll(List.of())).isEmpty();
		assertThat(this.batches.expireAll(List.of(), Duration.ofMinutes(1))).isZero();
		String stats = (String) server.execute("INFO", "commandstats");
		assertThat(stats).doesNotContain("cmdstat_set:").doesNotContain("cmdstat_get:").doesNotContain("cmdstat_pexpire:");
	}

	@Test
	void badInputIsRefusedBeforeAnyIoNamingTheArgument() {
		Map<String, String> withNullValue = new LinkedHashMap<>();
		withNullValue.put("k", null);
		assertThatIllegalArgumentException().isThrownBy(() -> this.batches.setAll(Map.of("k", "v"), Duration.ZERO))
			.withMessageContaining("ttl must be a positive duration");
		assertThatIllegalArgumentException().isThrownBy(() -> this.batches.setAll(null, Duration.ofMinutes(1)))
			.withMessageContaining("values must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> this.batches.setAll(withNullValue, Duration.ofMinutes(1)))
			.withMessageContaining("the value of 'k' in values must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> this.batches.setAll(Map.of("", "v"), Duration.ofMinutes(1)))
			.withMessageContaining("every key in values must not be null or empty");
		assertThatIllegalArgumentException().isThrownBy(() -> this.batches.getAll(List.of("a", "")))
			.withMessageContaining("every key in keys");
		assertThatIllegalArgumentException().isThrownBy(() -> this.batches.expireAll(List.of("a"), Duration.ofSeconds(-1)))
			.withMessageContaining("ttl must be a positive duration");
		assertThatIllegalArgumentException().isThrownBy(() -> this.batches.putHash(null, Map.of("f", "v"), Duration.ofMinutes(1)))
			.withMessageContaining("key must not be null or empty");
		assertThatIllegalArgumentException().isThrownBy(() -> this.scanner.scan("", 10, 10))
			.withMessageContaining("pattern must not be null or empty");
		assertThatIllegalArgumentException().isThrownBy(() -> this.scanner.scan("a*", 0, 10))
			.withMessageContaining("count must be at least 1");
		assertThatIllegalArgumentException().isThrownBy(() -> this.scanner.scan("a*", 10, -1))
			.withMessageContaining("limit must be at least 1");
		assertThatIllegalArgumentException().isThrownBy(() -> this.scanner.deleteByPattern("a*", 0))
			.withMessageContaining("batchSize must be at least 1");
		RedisOptimisticUpdates updates = context.getBean(RedisOptimisticUpdates.class);
		assertThatIllegalArgumentException().isThrownBy(() -> updates.update("", (current) -> "x"))
			.withMessageContaining("key must not be null or empty");
		assertThatIllegalArgumentException().isThrownBy(() -> updates.update("k", null))
			.withMessageContaining("change must not be null");
		RedisSortedSetQueues queues = context.getBean(RedisSortedSetQueues.class);
		assertThatIllegalArgumentException().isThrownBy(() -> queues.popLowest(0, List.of("q")))
			.withMessageContaining("count must be at least 1");
		assertThatIllegalArgumentException().isThrownBy(() -> queues.addAll("q", Map.of("", 1.0)))
			.withMessageContaining("every key in members");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> queues.popLowestBlocking(Duration.ZERO, List.of("q")))
			.withMessageContaining("timeout must be a positive duration");
	}

	@Test
	void aSafeCallFallsBackDuringAnOutageButNotOnTheCallersOwnErrors() {
		// Its own application: the outage must not leave the shared one reconnecting for the other tests.
		try (ConfigurableApplicationContext own = new SpringApplicationBuilder(PatternsTestApplication.class)
			.web(WebApplicationType.NONE)
			.run("--tradingboost.redis.host=" + server.host(), "--tradingboost.redis.port=" + server.port(),
					"--spring.main.banner-mode=off")) {
			RedisSafeCalls safe = own.getBean(RedisSafeCalls.class);
			StringRedisTemplate redis = own.getBean(StringRedisTemplate.class);
			redis.opsForList().leftPush("a-list", "x");
			assertThatExceptionOfType(DataAccessException.class)
				.isThrownBy(() -> safe.call(() -> redis.opsForValue().get("a-list"), () -> "fallback"));
			server.kill();
			try {
				for (int i = 0; i < 8; i++) {
					assertThat(safe.call(() -> redis.opsForValue().get("k"), () -> "fallback")).isEqualTo("fallback");
				}
			}
			finally {
				server.restore();
			}
		}
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(this.batches.getAll(List.of("probe"))).containsExactly((String) null));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class PatternsTestApplication {

	}

}
