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
