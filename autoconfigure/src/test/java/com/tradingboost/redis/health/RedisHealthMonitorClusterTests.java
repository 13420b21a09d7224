package com.tradingboost.redis.health;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;
import com.tradingboost.redis.health.RedisClusterFacts.Master;
import com.tradingboost.redis.health.RedisClusterFacts.PingStatus;
import com.tradingboost.redis.metrics.RedisMetrics;
import com.tradingboost.redis.testsupport.LocalRedisServer;
import com.tradingboost.redis.testsupport.RedisClusterServers;
import com.tradingboost.redis.testsupport.RedisServer;
import com.tradingboost.redis.testsupport.RedisServerExtension;
import com.tradingboost.redis.testsupport.RedisServers;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(RedisServerExtension.class)
class RedisHealthMonitorClusterTests {

	private static final Duration INTERVAL = Duration.ofMillis(300);

	private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

	private TradingBoostLettuceConnectionFactory factory;

	private RedisHealthMonitor monitor;

	@AfterEach
	void stop() {
		if (this.monitor != null) {
			this.monitor.stop();
		}
		if (this.factory != null) {
			this.factory.destroy();
		}
	}

	@Test
	void aHealthyClusterIsUpWithItsFactsAndEveryMasterPinged(RedisClusterServers cluster) {
		start(cluster, null);
		RedisClusterFacts facts = this.monitor.getSnapshot().cluster();
		assertThat(facts.state()).isEqualTo("ok");
		assertThat(facts.slotsAssigned()).isEqualTo(16384L);
		assertThat(facts.slotsOk()).isEqualTo(16384L);
		assertThat(facts.knownNodes()).isEqualTo(6L);
		assertThat(facts.size()).isEqualTo(3L);
		assertThat(facts.replicaCount()).isEqualTo(3);
		assertThat(facts.failedNodes()).isEmpty();
		assertThat(facts.masters()).extracting(Master::address)
			.containsExactlyInAnyOrderElementsOf(cluster.masters().stream().map(RedisHealthMonitorClusterTests::address).toList());
		assertThat(facts.masters()).allSatisfy((master) -> {
			assertThat(master.status()).isEqualTo(PingStatus.UP);
			assertThat(master.latency()).isPositive().isLessThan(PROBE_TIMEOUT);
			assertThat(master.replicas()).isEqualTo(1);
		});
		assertThat(this.monitor.getSnapshot().server().mode()).isEqualTo("cluster");
		Health health = indicator().health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails().get("cluster")).isInstanceOf(Map.class);
		SimpleMeterRegistry registry = meters();
		assertThat(registry.get("tradingboost.redis.cluster.state.ok").gauge().value()).isEqualTo(1);
		for (LocalRedisServer master : cluster.masters()) {
			assertThat(masterGauge(registry, "up", master)).isEqualTo(1);
			assertThat(masterGauge(registry, "ping", master)).isPositive().isLessThan(PROBE_TIMEOUT.toNanos() / 1e9);
		}
		assertThat(registry.get("tradingboost.redis.cluster.master.up").gauges()).hasSize(3);
	}

	@Test
	void aUserWhoMayNotReadClusterInfoGetsThePingResultOnly(RedisClusterServers cluster) {
		cluster.nodes().forEach((node) -> node.execute("ACL", "SETUSER", "health-check", "on", ">health-secret", "~*",
				"&*", "+@all", "-cluster|info"));
		try {
			start(cluster, "health-check");
			RedisHealthSnapshot snapshot = this.monitor.getSnapshot();
			assertThat(snapshot.cluster().unavailable()).contains("NOPERM");
			assertThat(snapshot.cluster().masters()).isEmpty();
			Health health = indicator().health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsKey("latency_ms");
		}
		finally {
			cluster.nodes().forEach((node) -> node.execute("ACL", "DELUSER", "health-check"));
		}
	}

	@Test
	void aMasterThatStopsAnsweringIsDownByAddressUntilItsReplicaTakesOver() throws Exception {
		try (RedisClusterServers cluster = RedisServers.startCluster()) {
			start(cluster, null);
			SimpleMeterRegistry registry = meters();
			LocalRedisServer victim = masterOtherThanTheDefaultNode(cluster);
			LocalRedisServer replica = cluster.replicaOf(victim);
			victim.pause();
			try {
				await().atMost(Duration.ofSeconds(10)).until(() -> downReason() != null);
				assertThat(downReason()).contains("master " + address(victim) + " failed PING: ");
				assertThat(masterGauge(registry, "up", victim)).isEqualTo(0);
				assertThat(masterGauge(registry, "ping", victim)).isNaN();
				Health down = indicator().health();
				assertThat(down.getStatus()).isEqualTo(Status.DOWN);
				assertThat(down.getDetails().get("reason").toString()).contains(address(victim));

				cluster.awaitFailover(victim, Duration.ofSeconds(30));
				await().atMost(Duration.ofSeconds(10))
					.until(() -> indicator().health().getStatus().equals(Status.UP));
				RedisClusterFacts facts = this.monitor.getSnapshot().cluster();
				assertThat(facts.failedNodes()).contains(address(victim));
				assertThat(facts.masters()).extracting(Master::address).doesNotContain(address(victim));
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
					assertThat(registry.find("tradingboost.redis.cluster.master.up").tag("node", address(victim)).gauge())
						.as("the failed master's series ended")
						.isNull();
					assertThat(masterGauge(registry, "up", replica)).as("the promoted replica's series").isEqualTo(1);
				});
			}
			finally {
				victim.resume();
			}
		}
	}

	private SimpleMeterRegistry meters() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new RedisMetrics(this.factory, this.monitor, 200, "primary").bindTo(registry);
		return registry;
	}

	private static double masterGauge(SimpleMeterRegistry registry, String name, RedisServer master) {
		return registry.get("tradingboost.redis.cluster.master." + name)
			.tags("instance", "primary", "node", address(master))
			.gauge()
			.value();
	}

	private String downReason() {
		RedisHealthSnapshot snapshot = this.monitor.getSnapshot();
		return (snapshot.cluster() != null) ? snapshot.cluster().downReason() : null;
	}

	private LocalRedisServer masterOtherThanTheDefaultNode(RedisClusterServers cluster) throws Exception {
		String defaultNode;
		try (RedisConnection connection = this.factory.getConnection()) {
			defaultNode = ((RedisAdvancedClusterAsyncCommands<?, ?>) connection.getNativeConnection()).clusterMyId()
				.get();
		}
		List<LocalRedisServer> masters = cluster.masters();
		return masters.stream().filter((master) -> !cluster.nodeId(master).equals(defaultNode)).findFirst().orElseThrow();
	}

	private void start(RedisClusterServers cluster, String username) {
		RedisClusterConfiguration configuration = new RedisClusterConfiguration(cluster.seedEndpoints());
		if (username != null) {
			configuration.setUsername(username);
			configuration.setPassword("health-secret");
		}
		this.factory = new TradingBoostLettuceConnectionFactory(configuration,
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build(), Duration.ofSeconds(1));
		this.factory.afterPropertiesSet();
		this.factory.start();
		this.monitor = new RedisHealthMonitor(this.factory, INTERVAL, PROBE_TIMEOUT, Clock.systemUTC());
		this.monitor.start();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.monitor.getSnapshot().outcome() == RedisHealthSnapshot.Outcome.UP
					&& this.monitor.getSnapshot().cluster() != null);
	}

	private RedisServerHealthIndicator indicator() {
		return new RedisServerHealthIndicator(this.monitor, this.factory, null, Duration.ofSeconds(1),
				Clock.systemUTC());
	}

	private static String address(RedisServer server) {
		return server.host() + ":" + server.port();
	}

}
