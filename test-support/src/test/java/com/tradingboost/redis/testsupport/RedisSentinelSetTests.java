package com.tradingboost.redis.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class RedisSentinelSetTests {

	private static final Logger log = LoggerFactory.getLogger(RedisSentinelSetTests.class);

	@Test
	void startsMasterReplicaAndThreeSentinelsThatReplicateAndCloseWithoutLeftovers() throws Exception {
		RedisSentinelSet set = RedisServers.startSentinelSet();
		Map<Long, LocalRedisServer> processes;
		try {
			processes = Topologies.processes(members(set));
			assertThat(processes).hasSize(5);
			assertThat(set.masterName()).isEqualTo(RedisSentinelSet.DEFAULT_MASTER_NAME);
			assertThat(set.sentinelEndpoints()).hasSize(3)
					.allMatch(endpoint -> endpoint.matches("127\\.0\\.0\\.1:\\d+"))
					.doesNotContain("127.0.0.1:6379");
			assertThat(set.currentMaster()).isSameAs(set.master());
			assertThat(set.master().infoField("replication", "role")).isEqualTo("master");
			assertThat(set.replica().infoField("replication", "role")).isEqualTo("slave");
			assertThat(set.sentinels().get(0).infoField("server", "redis_mode")).isEqualTo("sentinel");

			set.master().execute("SET", "greeting", "hello");
			assertThat(set.master().execute("WAIT", "1", "2000")).isEqualTo(1L);

			assertThat(set.replica().execute("GET", "greeting")).isEqualTo("hello");
		} finally {
			set.close();
		}
		Topologies.assertNothingLeft(processes);
		set.close();
	}

	@Test
	void sentinelsPromoteTheReplicaWhenTheMasterIsKilled() {
		try (RedisSentinelSet set = RedisServers.startSentinelSet("orders")) {
			LocalRedisServer master = set.master();
			master.execute("SET", "order:1", "open");
			assertThat(master.execute("WAIT", "1", "2000")).isEqualTo(1L);

			long killed = System.nanoTime();
			master.kill();
			LocalRedisServer promoted = set.awaitFailover(master, Duration.ofSeconds(30));
			log.info("Sentinel failover took {} ms", (System.nanoTime() - killed) / 1_000_000);

			assertThat(promoted).isSameAs(set.replica());
			assertThat(set.currentMaster()).isSameAs(promoted);
			assertThat(promoted.execute("GET", "order:1")).isEqualTo("open");
			assertThat(promoted.execute("SET", "order:2", "open")).isEqualTo("OK");
		}
	}

	@Test
	void bundledRedis62BinaryWorksToo() {
		System.setProperty(RedisServers.FIXTURE_PROPERTY, "embedded");
		try (RedisSentinelSet set = RedisServers.startSentinelSet()) {
			assertThat(set.master().source()).startsWith("bundled embedded-redis binary");
			assertThat(set.sentinels().get(0).infoField("server", "redis_version")).startsWith("6.2.");
			assertThat(set.currentMaster()).isSameAs(set.master());
		} finally {
			System.clearProperty(RedisServers.FIXTURE_PROPERTY);
		}
	}

	private static List<LocalRedisServer> members(RedisSentinelSet set) {
		List<LocalRedisServer> members = new ArrayList<>(List.of(set.master(), set.replica()));
		members.addAll(set.sentinels());
		return members;
	}
}
