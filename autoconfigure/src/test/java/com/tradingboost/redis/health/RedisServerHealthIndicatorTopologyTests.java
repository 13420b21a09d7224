package com.tradingboost.redis.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster and sentinel details of the server indicator and the DOWN rules they bring, on snapshots built by hand.
 */
class RedisServerHealthIndicatorTopologyTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private final TradingBoostLettuceConnectionFactory factory = new TradingBoostLettuceConnectionFactory(
			new RedisStandaloneConfiguration("localhost", 1), LettuceClientConfiguration.defaultConfiguration(),
			Duration.ZERO);

	@AfterEach
	void destroy() {
		this.factory.destroy();
	}

	@Test
	void aHealthyClusterIsUpWithItsFactsAndMasters() {
		Health health = health(up(cluster("ok", null)), null);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		Map<String, Object> cluster = details(health, "cluster");
		assertThat(cluster).containsEntry("state", "ok")
			.containsEntry("slots_assigned", 16384L)
			.containsEntry("slots_ok", 16384L)
			.containsEntry("slots_pfail", 0L)
			.containsEntry("slots_fail", 0L)
			.containsEntry("known_nodes", 6L)
			.containsEntry("size", 3L)
			.containsEntry("master_count", 3)
			.containsEntry("replica_count", 3)
			.containsEntry("failed_nodes", List.of());
		assertThat(masters(health)).hasSize(3).allSatisfy((master) -> {
			assertThat(master).containsEntry("status", "UP").containsEntry("latency_ms", 1.5).containsEntry("replicas", 1);
			assertThat(master.get("address").toString()).startsWith("127.0.0.1:3000");
		});
		assertThat(health.getDetails()).doesNotContainKey("sentinel");
	}

	@Test
	void aFailedClusterStateIsDown() {
		Health health = health(up(cluster("fail", null)), null);
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("reason", "cluster_state is fail");
	}

	@Test
	void aMasterThatFailsItsPingIsDownWithItsAddress() {
		Health health = health(up(cluster("ok", 30002)), null);
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("reason",
				"master 127.0.0.1:30002 failed PING: PING got no reply within 500 ms");
		assertThat(masters(health))
			.filteredOn((master) -> master.get("address").equals("127.0.0.1:30002"))
			.singleElement()
			.satisfies((master) -> assertThat(master).containsEntry("status", "DOWN")
				.containsEntry("error", "PING got no reply within 500 ms")
				.doesNotContainKey("latency_ms"));
	}

	@Test
	void clusterFactsTheUserMayNotReadLeaveThePingToDecide() {
		RedisClusterFacts refused = RedisClusterFacts.unavailable(
				"RedisCommandExecutionException: NOPERM User health has no permissions to run the 'cluster|info' command");
		Health health = health(up(refused), null);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(details(health, "cluster")).containsOnlyKeys("unavailable");
		assertThat(details(health, "cluster").get("unavailable").toString())
			.startsWith("cluster facts unavailable: ")
			.contains("NOPERM");
	}

	@Test
	void aFailedPingWinsOverTheClusterFacts() {
		RedisHealthSnapshot failed = up(cluster("fail", null)).failed(NOW, "PING got no reply within 500 ms");
		Health health = health(failed, null);
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("reason", "last health check failed").containsKey("cluster");
	}

	@Test
	void sentinelFactsAreDetailsOnly() {
		RedisSentinelFacts facts = RedisSentinelFacts.of("mymaster",
				Map.of("ip", "127.0.0.1", "port", "40001", "flags", "master", "num-other-sentinels", "2", "quorum", "2"),
				List.of(Map.of("ip", "127.0.0.1", "port", "40002", "flags", "slave")),
				List.of(Map.of("ip", "127.0.0.1", "port", "26380", "flags", "s_down,sentinel")));
		Health health = health(up(null, facts), null);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(details(health, "sentinel")).containsEntry("master_name", "mymaster")
			.containsEntry("master", "127.0.0.1:40001")
			.containsEntry("master_flags", "master")
			.containsEntry("replica_count", 1)
			.containsEntry("replicas", List.of(Map.of("address", "127.0.0.1:40002", "flags", "slave")))
			.containsEntry("quorum", 2L)
			.containsEntry("sentinels_known", 3L)
			.containsEntry("sentinels_down", List.of("127.0.0.1:26380"));
		assertThat(health.getDetails()).doesNotContainKey("cluster");
	}

	@Test
	void noSentinelAnsweringIsADetailOnly() {
		Health health = health(up(null, RedisSentinelFacts.unavailable("mymaster", "RedisConnectionException: x")),
				null);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(details(health, "sentinel")).containsEntry("master_name", "mymaster")
			.containsEntry("unavailable", "no sentinel answered: RedisConnectionException: x");
	}

	@Test
	void aStandaloneServerHasNeitherClusterNorSentinelDetails() {
		Health health = health(up(null, null), null);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).doesNotContainKeys("cluster", "sentinel", "server_facts_unavailable");
	}

	@Test
	void aRefusedInfoIsADetailOnly() {
		RedisHealthSnapshot snapshot = RedisHealthSnapshot.notChecked()
			.succeeded(NOW, Duration.ofMillis(1), null, "RedisCommandExecutionException: NOPERM no INFO", null, null);
		Health health = health(snapshot, null);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("server_facts_unavailable",
				"RedisCommandExecutionException: NOPERM no INFO")
			.doesNotContainKey("version");
	}

	@Test
	void theClusterReasonComesBeforeTheOpenBreaker() {
		Health health = health(up(cluster("fail", null)), new CircuitBreakerState("OPEN", 100f, NOW, true));
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("reason", "cluster_state is fail");
	}

	private static RedisClusterFacts cluster(String state, Integer failingPort) {
		RedisClusterFacts parsed = RedisClusterFacts.parse(
				RedisClusterFactsTests.CLUSTER_INFO_OK.replace("cluster_state:ok", "cluster_state:" + state),
				RedisClusterFactsTests.CLUSTER_NODES_OK);
		return parsed.withMasters(parsed.masters()
			.stream()
			.map((master) -> (failingPort != null && master.port() == failingPort)
					? master.failed("PING got no reply within 500 ms") : master.answered(Duration.ofNanos(1_500_000)))
			.toList());
	}

	private static RedisHealthSnapshot up(RedisClusterFacts cluster) {
		return up(cluster, null);
	}

	private static RedisHealthSnapshot up(RedisClusterFacts cluster, RedisSentinelFacts sentinel) {
		return RedisHealthSnapshot.notChecked().succeeded(NOW, Duration.ofMillis(1), null, null, cluster, sentinel);
	}

	private Health health(RedisHealthSnapshot snapshot, CircuitBreakerState breaker) {
		RedisHealthMonitor monitor = new RedisHealthMonitor(this.factory, Duration.ofSeconds(15),
				Duration.ofMillis(500), Clock.systemUTC()) {

			@Override
			public RedisHealthSnapshot getSnapshot() {
				return snapshot;
			}

		};
		return new RedisServerHealthIndicator(monitor, this.factory, (breaker != null) ? () -> breaker : null,
				Duration.ofSeconds(1), Clock.fixed(NOW, ZoneOffset.UTC)).health();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> masters(Health health) {
		return (List<Map<String, Object>>) details(health, "cluster").get("masters");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> details(Health health, String key) {
		return (Map<String, Object>) health.getDetails().get(key);
	}

}
