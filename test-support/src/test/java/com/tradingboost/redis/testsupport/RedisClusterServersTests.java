package com.tradingboost.redis.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class RedisClusterServersTests {

	private static final Logger log = LoggerFactory.getLogger(RedisClusterServersTests.class);

	@Test
	void startsThreeMastersWithOneReplicaEachThatServeKeysAndCloseWithoutLeftovers() throws Exception {
		RedisClusterServers cluster = RedisServers.startCluster();
		Map<Long, LocalRedisServer> processes;
		try {
			List<LocalRedisServer> nodes = cluster.nodes();
			processes = Topologies.processes(nodes);
			assertThat(processes).hasSize(6);
			assertThat(cluster.seedEndpoints()).hasSize(6)
					.allMatch(endpoint -> endpoint.matches("127\\.0\\.0\\.1:\\d+"))
					.doesNotContain("127.0.0.1:6379");
			assertThat(cluster.masters()).containsExactlyElementsOf(nodes.subList(0, 3));
			assertThat(cluster.replicas()).containsExactlyElementsOf(nodes.subList(3, 6));
			for (int i = 0; i < 3; i++) {
				assertThat(cluster.replicaOf(nodes.get(i))).isSameAs(nodes.get(i + 3));
			}
			for (LocalRedisServer node : nodes) {
				assertThat((String) node.execute("CLUSTER", "INFO"))
						.contains("cluster_state:ok", "cluster_slots_assigned:16384", "cluster_known_nodes:6", "cluster_size:3");
			}

			Map<LocalRedisServer, String> keyPerMaster = new HashMap<>();
			for (int i = 0; keyPerMaster.size() < 3; i++) {
				keyPerMaster.putIfAbsent(cluster.masterForKey("user:" + i), "user:" + i);
			}
			keyPerMaster.forEach((master, key) -> {
				assertThat(master.execute("SET", key, "value of " + key)).isEqualTo("OK");
				assertThat(master.execute("GET", key)).isEqualTo("value of " + key);
			});
			String key = keyPerMaster.get(nodes.get(0));
			assertThatThrownBy(() -> nodes.get(1).execute("GET", key))
					.isInstanceOf(RedisCommandException.class)
					.hasMessage("MOVED " + cluster.slotOf(key) + " " + cluster.seedEndpoints().get(0));
		} finally {
			cluster.close();
		}
		Topologies.assertNothingLeft(processes);
		cluster.close();
	}

	@Test
	void replicaTakesOverAKilledMasterAndTheRestartedMasterRejoinsAsItsReplica() {
		try (RedisClusterServers cluster = RedisServers.startCluster()) {
			String key = "order:42";
			LocalRedisServer master = cluster.masterForKey(key);
			LocalRedisServer replica = cluster.replicaOf(master);
			master.execute("SET", key, "open");
			assertThat(master.execute("WAIT", "1", "2000")).isEqualTo(1L);

			long killed = System.nanoTime();
			master.kill();
			LocalRedisServer promoted = cluster.awaitFailover(master, Duration.ofSeconds(30));
			log.info("Cluster failover took {} ms", (System.nanoTime() - killed) / 1_000_000);

			assertThat(promoted).isSameAs(replica);
			assertThat(cluster.masterForKey(key)).isSameAs(promoted);
			assertThat(cluster.masters()).hasSize(3).contains(promoted).doesNotContain(master);
			assertThat(promoted.execute("GET", key)).isEqualTo("open");
			assertThat(promoted.execute("SET", key, "filled")).isEqualTo("OK");

			long restarted = System.nanoTime();
			master.start();
			cluster.awaitReady(Duration.ofSeconds(30));
			log.info("Killed master rejoined as replica after {} ms", (System.nanoTime() - restarted) / 1_000_000);

			assertThat(cluster.replicaOf(promoted)).isSameAs(master);
			assertThat(master.infoField("replication", "role")).isEqualTo("slave");
		}
	}

	@Test
	void bundledRedis62BinaryWorksToo() {
		System.setProperty(RedisServers.FIXTURE_PROPERTY, "embedded");
		try (RedisClusterServers cluster = RedisServers.startCluster()) {
			assertThat(cluster.nodes().get(0).source()).startsWith("bundled embedded-redis binary");
			assertThat(cluster.nodes().get(0).infoField("server", "redis_version")).startsWith("6.2.");
			assertThat(cluster.masters()).hasSize(3);
		} finally {
			System.clearProperty(RedisServers.FIXTURE_PROPERTY);
		}
	}
}
