package com.tradingboost.redis.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;

import com.tradingboost.redis.testsupport.RedisServer;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.serializer.JacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.data.redis.serializer.StringRedisSerializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RedisOptimisticUpdatesIntegrationTests extends TopologyIntegrationTests {

	@ParameterizedTest
	@EnumSource(Topology.class)
	void twentyConcurrentWritersLoseNoIncrement(Topology topology) throws Exception {
		RedisOptimisticUpdates<String, String> updates = applications.bean(topology, RedisOptimisticUpdates.class);
		String key = TopologyApplications.prefix() + "orders:count";
		RedisServer server = applications.serverFor(topology, key);
		server.execute("SET", key, "0", "EX", "600");
		concurrently(20, () -> {
			for (int i = 0; i < 25; i++) {
				updates.increment(key, 1);
			}
		});
		assertThat(server.execute("GET", key)).isEqualTo("500");
		assertThat((Long) server.execute("TTL", key)).as("the TTL is kept").isPositive();
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void twentyConcurrentOptimisticUpdatesLoseNoWrite(Topology topology) throws Exception {
		RedisOptimisticUpdates<String, String> updates = new RedisOptimisticUpdates<>(template(topology), 1000,
				Duration.ofMillis(1), Duration.ofMillis(20), Duration.ofSeconds(3));
		String key = TopologyApplications.prefix() + "ledger";
		RedisServer server = applications.serverFor(topology, key);
		concurrently(20, () -> {
			for (int i = 0; i < 5; i++) {
				updates.update(key, (current) -> ((current != null) ? current : "") + "x");
			}
		});
		assertThat((String) server.execute("GET", key)).hasSize(100).matches("x+");
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void anUpdateKeepsTheTtl(Topology topology) {
		RedisOptimisticUpdates<String, String> updates = applications.bean(topology, RedisOptimisticUpdates.class);
		String key = TopologyApplications.prefix() + "settings";
		RedisServer server = applications.serverFor(topology, key);
		server.execute("SET", key, "light", "EX", "600");
		assertThat(updates.update(key, (current) -> current + "+dark")).isEqualTo("light+dark");
		assertThat(server.execute("GET", key)).isEqualTo("light+dark");
		assertThat((Long) server.execute("TTL", key)).isBetween(590L, 600L);
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void incrementsKeepAnExistingTtlAndACounterTheyCreateHasNone(Topology topology) {
		RedisOptimisticUpdates<String, String> updates = applications.bean(topology, RedisOptimisticUpdates.class);
		String prefix = TopologyApplications.prefix();
		String existing = prefix + "hits";
		String created = prefix + "new";
		RedisServer server = applications.serverFor(topology, existing);
		server.execute("SET", existing, "40", "EX", "600");
		assertThat(updates.increment(existing, 2)).isEqualTo(42L);
		assertThat(updates.increment(existing, 0.5)).isEqualTo(42.5);
		assertThat(server.execute("GET", existing)).isEqualTo("42.5");
		assertThat((Long) server.execute("TTL", existing)).isBetween(590L, 600L);
		assertThat(updates.increment(created, -3)).isEqualTo(-3L);
		assertThat(applications.serverFor(topology, created).execute("TTL", created)).isEqualTo(-1L);
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void anUpdateThatAlwaysLosesGivesUpWithAClearException(Topology topology) {
		RedisOptimisticUpdates<String, String> updates = new RedisOptimisticUpdates<>(template(topology), 3,
				Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(3));
		String key = TopologyApplications.prefix() + "contested";
		RedisServer server = applications.serverFor(topology, key);
		AtomicInteger attempts = new AtomicInteger();
		assertThatExceptionOfType(OptimisticUpdateConflictException.class).isThrownBy(() -> updates.update(key,
				(current) -> {
					server.execute("SET", key, "changed-by-someone-else-" + attempts.incrementAndGet());
					return "mine";
				}))
			.withMessageContaining("'" + key + "' conflicted with concurrent writes 3 times");
		assertThat(attempts).hasValue(3);
		assertThat(server.execute("GET", key)).isEqualTo("changed-by-someone-else-3");
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void anUpdateOfAnAbsentKeyRetriesWhenAnotherWriterCreatesItFirst(Topology topology) {
		RedisOptimisticUpdates<String, String> updates = applications.bean(topology, RedisOptimisticUpdates.class);
		String key = TopologyApplications.prefix() + "created";
		RedisServer server = applications.serverFor(topology, key);
		List<String> seen = new ArrayList<>();
		String written = updates.update(key, (current) -> {
			seen.add(String.valueOf(current));
			if (current == null) {
				server.execute("SET", key, "theirs");
			}
			return current + "+mine";
		});
		assertThat(seen).containsExactly("null", "theirs");
		assertThat(written).isEqualTo("theirs+mine");
		assertThat(server.execute("GET", key)).isEqualTo("theirs+mine");
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void valuesWrittenAsJsonAreReadByTheApplicationsTemplateAndTheReverse(Topology topology) {
		RedisConnectionFactory factory = applications.context(topology).getBean(RedisConnectionFactory.class);
		RedisTemplate<String, Account> accounts = template(factory, new JacksonJsonRedisSerializer<>(Account.class));
		RedisOptimisticUpdates<String, Account> updates = applications
			.<RedisOptimisticUpdates<String, String>>bean(topology, RedisOptimisticUpdates.class)
			.using(accounts);
		String key = TopologyApplications.prefix() + "account";
		accounts.opsForValue().set(key, new Account("alice", 10));
		Account updated = updates.update(key, (current) -> new Account(current.owner(), current.balance() + 5));
		assertThat(updated).isEqualTo(new Account("alice", 15));
		assertThat(accounts.opsForValue().get(key)).isEqualTo(new Account("alice", 15));
		String counter = TopologyApplications.prefix() + "counter";
		updates.increment(counter, 7);
		RedisTemplate<String, Long> numbers = template(factory, new JacksonJsonRedisSerializer<>(Long.class));
		assertThat(numbers.opsForValue().get(counter)).isEqualTo(7L);
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void aReactiveIncrementSendsNothingBeforeSubscription(Topology topology) {
		RedisOptimisticUpdates<String, String> updates = applications.bean(topology, RedisOptimisticUpdates.class);
		String key = TopologyApplications.prefix() + "reactive";
		RedisServer server = applications.serverFor(topology, key);
		Mono<Long> increment = updates.reactive().increment(key, 3);
		Mono<Double> incrementByFloat = updates.reactive().increment(key, 0.25);
		assertThat(server.execute("EXISTS", key)).isEqualTo(0L);
		assertThat(increment.block(Duration.ofSeconds(5))).isEqualTo(3L);
		assertThat(incrementByFloat.block(Duration.ofSeconds(5))).isEqualTo(3.25);
		assertThat(server.execute("GET", key)).isEqualTo("3.25");
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void badInputIsRefusedBeforeAnyIoNamingTheArgument(Topology topology) {
		RedisOptimisticUpdates<String, String> updates = applications.bean(topology, RedisOptimisticUpdates.class);
		assertThatIllegalArgumentException().isThrownBy(() -> updates.update("", (current) -> "x"))
			.withMessageContaining("key must not be null or empty");
		assertThatIllegalArgumentException().isThrownBy(() -> updates.update("k", null))
			.withMessageContaining("change must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> updates.increment(null, 1))
			.withMessageContaining("key must not be null or empty");
		assertThatIllegalArgumentException().isThrownBy(() -> updates.increment("k", Double.NaN))
			.withMessageContaining("delta must be a finite number");
		assertThatIllegalArgumentException().isThrownBy(() -> updates.reactive().increment("", 1))
			.withMessageContaining("key must not be null or empty");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RedisOptimisticUpdates<>(template(topology), 0, Duration.ofMillis(1),
					Duration.ofMillis(5), Duration.ofSeconds(1)))
			.withMessageContaining("maxAttempts must be at least 1");
		String key = TopologyApplications.prefix() + "untouched";
		assertThatIllegalArgumentException().isThrownBy(() -> updates.update(key, (current) -> null))
			.withMessageContaining("change must not return null");
		assertThat(applications.serverFor(topology, key).execute("EXISTS", key)).isEqualTo(0L);
	}

	private static StringRedisTemplate template(Topology topology) {
		return applications.context(topology).getBean(StringRedisTemplate.class);
	}

	private static <V> RedisTemplate<String, V> template(RedisConnectionFactory factory, RedisSerializer<V> values) {
		RedisTemplate<String, V> template = new RedisTemplate<>();
		template.setConnectionFactory(factory);
		template.setKeySerializer(StringRedisSerializer.UTF_8);
		template.setValueSerializer(values);
		template.afterPropertiesSet();
		return template;
	}

	private static void concurrently(int threads, Runnable work) throws Exception {
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService writers = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int w = 0; w < threads; w++) {
				done.add(writers.submit(() -> {
					go.await();
					work.run();
					return null;
				}));
			}
			go.countDown();
			for (Future<?> future : done) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			writers.shutdownNow();
		}
	}

	record Account(String owner, long balance) {
	}

}
