package com.tradingboost.redis.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.tradingboost.redis.testsupport.LocalRedisServer;
import com.tradingboost.redis.testsupport.RedisClusterServers;
import com.tradingboost.redis.testsupport.RedisSentinelSet;
import com.tradingboost.redis.testsupport.RedisServers;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Whole applications keep working, without a restart, after the fixture's Sentinel set or cluster loses a master
 * to {@code SIGKILL}; every write reported as successful, before, during and after the failover, is readable.
 */
class FailoverIntegrationTests {

	/** Bounds the failover (about 2-5 s here) plus the breaker's return through half-open (about 1 s). */
	private static final Duration RECOVERY = Duration.ofSeconds(30);

	@Test
	void sentinelWritesSucceedAgainOnThePromotedReplicaAfterTheMasterIsKilled() {
		try (RedisSentinelSet sentinels = RedisServers.startSentinelSet();
				ConfigurableApplicationContext context = run(
						"--tradingboost.redis.sentinel.master=" + sentinels.masterName(),
						"--tradingboost.redis.sentinel.nodes=" + String.join(",", sentinels.sentinelEndpoints()))) {
			StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
			Writes writes = new Writes(redis, "failover:sentinel:");
			LocalRedisServer master = sentinels.currentMaster();
			writes.writeSeveral(20);
			awaitReplicated(master, sentinels.replica());

			master.kill();
			writes.awaitSuccess();
			LocalRedisServer promoted = sentinels.awaitFailover(master, RECOVERY);

			assertThat(promoted).isSameAs(sentinels.replica());
			assertThat(writes.failed()).as("writes refused while no master was reachable").isPositive();
			assertThat(promoted.execute("GET", writes.lastKey())).isEqualTo(writes.lastValue());
			writes.writeSeveral(20);
			writes.acknowledged().forEach((key, value) -> assertThat(promoted.execute("GET", key)).isEqualTo(value));
			writes.assertEveryAcknowledgedWriteIsReadable();
		}
	}

	@Test
	void clusterWritesAndReadsOfAKeySucceedAgainAfterItsMasterIsKilledAndItsReplicaTakesOver() {
		try (RedisClusterServers cluster = RedisServers.startCluster();
				ConfigurableApplicationContext context = run(
						"--tradingboost.redis.cluster.nodes=" + String.join(",", cluster.seedEndpoints()))) {
			StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
			Set<LocalRedisServer> owners = new HashSet<>();
			IntStream.range(0, 30).mapToObj((i) -> "failover:spread:" + i).forEach((key) -> {
				redis.opsForValue().set(key, key);
				owners.add(cluster.masterForKey(key));
			});
			assertThat(owners).as("keys spread over every master").hasSize(3);
			String key = "order:42";
			// The hash tag keeps every write of this test in the slot of the key whose master is killed.
			Writes writes = new Writes(redis, "failover:{" + key + "}:");
			redis.opsForValue().set(key, "open");
			writes.writeSeveral(20);
			LocalRedisServer master = cluster.masterForKey(key);
			assertThat(cluster.slotOf(writes.lastKey())).isEqualTo(cluster.slotOf(key));
			LocalRedisServer replica = cluster.replicaOf(master);
			awaitReplicated(master, replica);

			master.kill();
			writes.awaitSuccess();
			LocalRedisServer promoted = cluster.awaitFailover(master, RECOVERY);

			assertThat(promoted).isSameAs(replica);
			assertThat(writes.failed()).as("writes refused while the slot had no reachable master").isPositive();
			assertThat(promoted.execute("GET", writes.lastKey())).isEqualTo(writes.lastValue());
			assertThat(redis.opsForValue().get(key)).isEqualTo("open");
			redis.opsForValue().set(key, "filled");
			assertThat(redis.opsForValue().get(key)).isEqualTo("filled");
			assertThat(promoted.execute("GET", key)).isEqualTo("filled");
			writes.writeSeveral(20);
			writes.assertEveryAcknowledgedWriteIsReadable();
			IntStream.range(0, 30)
				.mapToObj((i) -> "failover:spread:" + i)
				.forEach((spread) -> assertThat(redis.opsForValue().get(spread)).isEqualTo(spread));
		}
	}

	/**
	 * Waits until the replica has everything the master acknowledged: replication is asynchronous, so a write
	 * acknowledged just before a {@code SIGKILL} could otherwise be lost by Redis itself, whatever the client does.
	 */
	private static void awaitReplicated(LocalRedisServer master, LocalRedisServer replica) {
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> replicationOffset(replica, "slave_repl_offset") >= replicationOffset(master,
					"master_repl_offset"));
	}

	private static long replicationOffset(LocalRedisServer server, String field) {
		String prefix = field + ":";
		return ((String) server.execute("INFO", "replication")).lines()
			.filter((line) -> line.startsWith(prefix))
			.map((line) -> Long.parseLong(line.substring(prefix.length()).trim()))
			.findFirst()
			.orElse(-1L);
	}

	private static ConfigurableApplicationContext run(String... args) {
		SpringApplication application = new SpringApplication(FailoverApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		List<String> arguments = new ArrayList<>(List.of(args));
		arguments.add("--spring.main.banner-mode=off");
		return application.run(arguments.toArray(String[]::new));
	}

	/** Numbered SETs of distinct keys that remember which ones the application reported as successful. */
	private static final class Writes {

		private final StringRedisTemplate redis;

		private final String prefix;

		private final Map<String, String> acknowledged = new LinkedHashMap<>();

		private int attempts;

		private int failed;

		private String lastKey = "";

		Writes(StringRedisTemplate redis, String prefix) {
			this.redis = redis;
			this.prefix = prefix;
		}

		/** One SET; a failure must be an exception, and one returning normally must have been stored. */
		boolean attempt() {
			String key = this.prefix + this.attempts;
			String value = "value-" + this.attempts;
			this.attempts++;
			try {
				this.redis.opsForValue().set(key, value);
			}
			catch (RuntimeException ex) {
				this.failed++;
				return false;
			}
			this.acknowledged.put(key, value);
			this.lastKey = key;
			return true;
		}

		void writeSeveral(int count) {
			for (int i = 0; i < count; i++) {
				assertThat(attempt()).as("write %s while the topology is healthy", this.lastKey).isTrue();
			}
		}

		/** Writes until one succeeds, counting the failures; the breaker, if open, is part of the wait. */
		void awaitSuccess() {
			await().atMost(RECOVERY).pollInSameThread().pollInterval(Duration.ofMillis(20)).until(this::attempt);
		}

		int failed() {
			return this.failed;
		}

		String lastKey() {
			return this.lastKey;
		}

		String lastValue() {
			return this.acknowledged.get(this.lastKey);
		}

		Map<String, String> acknowledged() {
			return this.acknowledged;
		}

		void assertEveryAcknowledgedWriteIsReadable() {
			Map<String, String> read = new LinkedHashMap<>();
			this.acknowledged.keySet().forEach((key) -> read.put(key, this.redis.opsForValue().get(key)));
			assertThat(read).as("every write reported as successful").isEqualTo(this.acknowledged);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class FailoverApplication {

	}

}
