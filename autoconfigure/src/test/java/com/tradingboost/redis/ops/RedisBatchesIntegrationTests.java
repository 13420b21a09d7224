package com.tradingboost.redis.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;

import com.tradingboost.redis.testsupport.RedisServer;

import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.serializer.JacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link RedisBatches} on one server, a Sentinel set and a cluster.
 */
class RedisBatchesIntegrationTests extends TopologyIntegrationTests {

	@ParameterizedTest
	@EnumSource(Topology.class)
	void setsTenThousandKeysWithOneTtlAndReadsThemBackInOrder(Topology topology) {
		RedisBatches<String, String> batches = applications.bean(topology, RedisBatches.class);
		String prefix = TopologyApplications.prefix();
		Map<String, String> values = new LinkedHashMap<>();
		for (int i = 0; i < 10_000; i++) {
			values.put(prefix + "price:" + i, "v" + i);
		}
		batches.setAll(values, Duration.ofHours(1));
		Set<RedisServer> owners = new HashSet<>();
		for (int i = 0; i < 10_000; i += 250) {
			String key = prefix + "price:" + i;
			RedisServer owner = applications.serverFor(topology, key);
			owners.add(owner);
			assertThat(owner.execute("GET", key)).isEqualTo(values.get(key));
			assertThat((Long) owner.execute("TTL", key)).isBetween(3590L, 3600L);
		}
		if (topology == Topology.CLUSTER) {
			assertThat(owners).as("keys on every master").hasSize(3);
		}
		List<String> keys = List.of(prefix + "price:42", prefix + "price:missing", prefix + "price:7",
				prefix + "price:9999");
		assertThat(batches.getAll(keys)).containsExactly("v42", null, "v7", "v9999");
		List<String> all = new ArrayList<>(values.keySet());
		assertThat(batches.getAll(all)).containsExactlyElementsOf(values.values());
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void expireAllCountsTheKeysThatExistedAndTtlAllReadsEachTtl(Topology topology) {
		RedisBatches<String, String> batches = applications.bean(topology, RedisBatches.class);
		String prefix = TopologyApplications.prefix();
		List<String> keys = List.of(prefix + "e:1", prefix + "e:2", prefix + "e:missing", prefix + "e:forever");
		applications.serverFor(topology, keys.get(0)).execute("SET", keys.get(0), "x");
		applications.serverFor(topology, keys.get(1)).execute("SET", keys.get(1), "x");
		applications.serverFor(topology, keys.get(3)).execute("SET", keys.get(3), "x");
		assertThat(batches.expireAll(keys.subList(0, 3), Duration.ofMinutes(5))).isEqualTo(2);
		assertThat((Long) applications.serverFor(topology, keys.get(1)).execute("TTL", keys.get(1))).isBetween(290L,
				300L);
		List<Long> ttls = batches.ttlAll(keys);
		assertThat(ttls.get(0)).isBetween(290_000L, 300_000L);
		assertThat(ttls.subList(2, 4)).containsExactly(-2L, -1L);
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void putHashReplacesTheHashAndSetsItsTtlTogether(Topology topology) {
		RedisBatches<String, String> batches = applications.bean(topology, RedisBatches.class);
		String key = TopologyApplications.prefix() + "settings:u1";
		RedisServer owner = applications.serverFor(topology, key);
		owner.execute("HSET", key, "old", "field");
		batches.putHash(key, Map.of("theme", "dark", "lang", "en"), Duration.ofDays(7));
		assertThat(owner.execute("HGETALL", key)).asList().containsExactlyInAnyOrder("theme", "dark", "lang", "en");
		assertThat((Long) owner.execute("TTL", key)).isBetween(7 * 86400L - 10, 7 * 86400L);
		Map<String, String> large = new LinkedHashMap<>();
		for (int i = 0; i < 5000; i++) {
			large.put("f" + i, "v" + i);
		}
		batches.putHash(key, large, Duration.ofMinutes(1));
		assertThat(owner.execute("HLEN", key)).isEqualTo(5000L);
		assertThat(owner.execute("HGET", key, "f4999")).isEqualTo("v4999");
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void eachCommandOfABatchIsOneCallOfTheCircuitBreaker(Topology topology) {
		CircuitBreaker breaker = applications.bean(topology, CircuitBreakerRegistry.class).circuitBreaker("redis");
		RedisBatches<String, String> batches = applications.bean(topology, RedisBatches.class);
		String prefix = TopologyApplications.prefix();
		Map<String, String> values = new LinkedHashMap<>();
		for (int i = 0; i < 2500; i++) {
			values.put(prefix + "b:" + i, "x");
		}
		AtomicInteger recorded = new AtomicInteger();
		breaker.getEventPublisher().onSuccess((event) -> recorded.incrementAndGet());
		batches.setAll(values, Duration.ofMinutes(1));
		assertThat(recorded).hasValue(2500);
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void valuesFollowTheApplicationsOwnSerializers(Topology topology) {
		RedisTemplate<String, Price> prices = jsonTemplate(
				applications.bean(topology, RedisConnectionFactory.class));
		RedisBatches<String, Price> batches = applications.<RedisBatches<String, String>>bean(topology,
				RedisBatches.class)
			.using(prices);
		String prefix = TopologyApplications.prefix();
		Map<String, Price> written = new LinkedHashMap<>();
		for (int i = 0; i < 50; i++) {
			written.put(prefix + "price:" + i, new Price("SYM" + i, 100 + i));
		}
		batches.setAll(written, Duration.ofMinutes(5));
		assertThat(prices.opsForValue().get(prefix + "price:7")).isEqualTo(new Price("SYM7", 107));
		prices.opsForValue().set(prefix + "price:by-template", new Price("TPL", 1));
		assertThat(batches.getAll(List.of(prefix + "price:by-template", prefix + "price:49")))
			.containsExactly(new Price("TPL", 1), new Price("SYM49", 149));
		String raw = (String) applications.serverFor(topology, prefix + "price:3").execute("GET", prefix + "price:3");
		assertThat(raw).contains("\"symbol\":\"SYM3\"");
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void theReactiveVariantSendsNothingBeforeSubscription(Topology topology) {
		RedisBatches<String, String> batches = applications.bean(topology, RedisBatches.class);
		String prefix = TopologyApplications.prefix();
		Map<String, String> values = new LinkedHashMap<>();
		for (int i = 0; i < 3000; i++) {
			values.put(prefix + "r:" + i, "v" + i);
		}
		Mono<Void> setAll = batches.reactive().setAll(values, Duration.ofMinutes(1));
		RedisServer owner = applications.serverFor(topology, prefix + "r:0");
		assertThat(owner.execute("EXISTS", prefix + "r:0")).isEqualTo(0L);
		setAll.block(Duration.ofSeconds(30));
		assertThat(owner.execute("GET", prefix + "r:0")).isEqualTo("v0");
		assertThat(batches.reactive().getAll(List.of(prefix + "r:2999", prefix + "r:none")).block(Duration.ofSeconds(10)))
			.containsExactly("v2999", null);
		assertThat(batches.reactive().expireAll(values.keySet(), Duration.ofMinutes(2)).block(Duration.ofSeconds(30)))
			.isEqualTo(3000L);
		assertThat(batches.reactive().ttlAll(List.of(prefix + "r:1")).block(Duration.ofSeconds(10)).get(0))
			.isGreaterThan(60_000L);
	}

	@Test
	void aBatchThatFailsPartWaySaysWhichKeysWereApplied() {
		RedisServer server = applications.standalone();
		RedisBatches<String, String> batches = applications.bean(Topology.STANDALONE, RedisBatches.class);
		String prefix = TopologyApplications.prefix();
		long used = ((String) server.execute("INFO", "memory")).lines()
			.filter((line) -> line.startsWith("used_memory:"))
			.map((line) -> Long.parseLong(line.substring("used_memory:".length()).trim()))
			.findFirst()
			.orElseThrow();
		server.execute("CONFIG", "SET", "maxmemory-policy", "noeviction");
		server.execute("CONFIG", "SET", "maxmemory", Long.toString(used + 2_000_000));
		Map<String, String> values = new LinkedHashMap<>();
		String big = "x".repeat(1000);
		for (int i = 0; i < 10_000; i++) {
			values.put(prefix + "oom:" + i, big);
		}
		try {
			RedisBatchException failure = org.assertj.core.api.Assertions.catchThrowableOfType(RedisBatchException.class,
					() -> batches.setAll(values, Duration.ofMinutes(5)));
			assertThat(failure).isNotNull();
			assertThat(failure.getCause()).isInstanceOf(RedisSystemException.class);
			assertThat(failure.getMessage()).contains("OOM");
			assertThat(failure.getApplied()).isNotEmpty();
			assertThat(failure.getNotApplied()).isNotEmpty();
			assertThat(failure.getUnknown()).isEmpty();
			assertThat(failure.getApplied().size() + failure.getNotApplied().size()).isEqualTo(10_000);
			for (Object key : failure.getApplied()) {
				assertThat(server.execute("EXISTS", (String) key)).as("applied %s", key).isEqualTo(1L);
			}
			for (Object key : failure.getNotApplied()) {
				assertThat(server.execute("EXISTS", (String) key)).as("not applied %s", key).isEqualTo(0L);
			}
		}
		finally {
			server.execute("CONFIG", "SET", "maxmemory", "0");
			batches.expireAll(values.keySet(), Duration.ofMillis(1));
		}
	}

	@Test
	void emptyBatchesDoNoIo() {
		RedisServer server = applications.standalone();
		RedisBatches<String, String> batches = applications.bean(Topology.STANDALONE, RedisBatches.class);
		server.execute("CONFIG", "RESETSTAT");
		batches.setAll(Map.of(), Duration.ofMinutes(1));
		assertThat(batches.getAll(List.of())).isEmpty();
		assertThat(batches.expireAll(List.of(), Duration.ofMinutes(1))).isZero();
		assertThat(batches.ttlAll(List.of())).isEmpty();
		batches.putHash("h", Map.of(), Duration.ofMinutes(1));
		String stats = (String) server.execute("INFO", "commandstats");
		assertThat(stats).doesNotContain("cmdstat_set:")
			.doesNotContain("cmdstat_get:")
			.doesNotContain("cmdstat_pexpire:")
			.doesNotContain("cmdstat_pttl:")
			.doesNotContain("cmdstat_evalsha:");
	}

	@Test
	void badInputIsRefusedBeforeAnyIoNamingTheArgument() {
		RedisBatches<String, String> batches = applications.bean(Topology.STANDALONE, RedisBatches.class);
		Map<String, String> withNullValue = new LinkedHashMap<>();
		withNullValue.put("k", null);
		assertThatIllegalArgumentException().isThrownBy(() -> batches.setAll(Map.of("k", "v"), Duration.ZERO))
			.withMessageContaining("ttl must be a positive duration");
		assertThatIllegalArgumentException().isThrownBy(() -> batches.setAll(null, Duration.ofMinutes(1)))
			.withMessageContaining("values must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> batches.setAll(withNullValue, Duration.ofMinutes(1)))
			.withMessageContaining("the value of 'k' in values must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> batches.setAll(Map.of("", "v"), Duration.ofMinutes(1)))
			.withMessageContaining("every key in values must not be null or empty");
		assertThatIllegalArgumentException().isThrownBy(() -> batches.getAll(List.of("a", "")))
			.withMessageContaining("every key in keys");
		assertThatIllegalArgumentException().isThrownBy(() -> batches.expireAll(List.of("a"), Duration.ofSeconds(-1)))
			.withMessageContaining("ttl must be a positive duration");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> batches.putHash(null, Map.of("f", "v"), Duration.ofMinutes(1)))
			.withMessageContaining("key must not be null or empty");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> batches.reactive().setAll(Map.of("k", "v"), Duration.ZERO))
			.withMessageContaining("ttl must be a positive duration");
		assertThatIllegalArgumentException().isThrownBy(() -> batches.reactive().getAll(null))
			.withMessageContaining("keys must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> new RedisBatches<>(new StringRedisTemplate(), 0,
				Duration.ofSeconds(1))).withMessageContaining("chunkSize must be at least 1");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> batches.using(null))
			.withMessageContaining("template must not be null");
	}

	static RedisTemplate<String, Price> jsonTemplate(RedisConnectionFactory factory) {
		RedisTemplate<String, Price> template = new RedisTemplate<>();
		template.setConnectionFactory(factory);
		template.setKeySerializer(RedisSerializer.string());
		template.setValueSerializer(new JacksonJsonRedisSerializer<>(Price.class));
		template.afterPropertiesSet();
		return template;
	}

	record Price(String symbol, long cents) {
	}

}
