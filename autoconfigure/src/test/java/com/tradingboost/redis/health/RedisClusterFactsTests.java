package com.tradingboost.redis.health;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.tradingboost.redis.health.RedisClusterFacts.Master;
import com.tradingboost.redis.health.RedisClusterFacts.PingStatus;

import static org.assertj.core.api.Assertions.assertThat;

class RedisClusterFactsTests {

	static final String CLUSTER_INFO_OK = """
			cluster_state:ok\r
			cluster_slots_assigned:16384\r
			cluster_slots_ok:16384\r
			cluster_slots_pfail:0\r
			cluster_slots_fail:0\r
			cluster_known_nodes:6\r
			cluster_size:3\r
			cluster_current_epoch:6\r
			""";

	static final String CLUSTER_NODES_OK = """
			07c37dfeb235213a872192d90877d0cd55635b91 127.0.0.1:30004@31004 slave e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 0 1426238317239 4 connected
			67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1 127.0.0.1:30002@31002 master - 0 1426238316232 2 connected 5461-10922
			292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f 127.0.0.1:30003@31003 master - 0 1426238318243 3 connected 10923-16383
			6ec23923021cf3ffec47632106199cb7f496ce01 127.0.0.1:30005@31005 slave 67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1 0 1426238316232 5 connected
			824fe116063bc5fcf9f4ffd895bc17aee7731ac3 127.0.0.1:30006@31006 slave 292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f 0 1426238317741 6 connected
			e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 127.0.0.1:30001@31001 myself,master - 0 0 1 connected 0-5460
			""";

	private static final String CLUSTER_NODES_AFTER_FAILOVER = """
			07c37dfeb235213a872192d90877d0cd55635b91 127.0.0.1:30004@31004 master - 0 1426238317239 7 connected 0-5460
			67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1 127.0.0.1:30002@31002 myself,master - 0 1426238316232 2 connected 5461-10922
			292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f 127.0.0.1:30003@31003 master - 0 1426238318243 3 connected 10923-16383
			6ec23923021cf3ffec47632106199cb7f496ce01 127.0.0.1:30005@31005 slave 67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1 0 1426238316232 5 connected
			824fe116063bc5fcf9f4ffd895bc17aee7731ac3 127.0.0.1:30006@31006 slave 292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f 0 1426238317741 6 connected
			e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 127.0.0.1:30001@31001 master,fail - 1426238316232 1426238315000 1 disconnected
			""";

	@Test
	void readsTheClusterInfoAndTheMastersThatServeSlots() {
		RedisClusterFacts facts = RedisClusterFacts.parse(CLUSTER_INFO_OK, CLUSTER_NODES_OK);
		assertThat(facts.state()).isEqualTo("ok");
		assertThat(facts.slotsAssigned()).isEqualTo(16384L);
		assertThat(facts.slotsOk()).isEqualTo(16384L);
		assertThat(facts.slotsPfail()).isZero();
		assertThat(facts.slotsFail()).isZero();
		assertThat(facts.knownNodes()).isEqualTo(6L);
		assertThat(facts.size()).isEqualTo(3L);
		assertThat(facts.masters()).extracting(Master::address)
			.containsExactlyInAnyOrder("127.0.0.1:30001", "127.0.0.1:30002", "127.0.0.1:30003");
		assertThat(facts.masters()).allSatisfy((master) -> {
			assertThat(master.replicas()).isEqualTo(1);
			assertThat(master.status()).isEqualTo(PingStatus.NOT_CHECKED);
		});
		assertThat(facts.replicaCount()).isEqualTo(3);
		assertThat(facts.failedNodes()).isEmpty();
		assertThat(facts.unavailable()).isNull();
	}

	@Test
	void aHealthyClusterWhoseMastersAnsweredIsNotDown() {
		RedisClusterFacts facts = pinged(RedisClusterFacts.parse(CLUSTER_INFO_OK, CLUSTER_NODES_OK), null);
		assertThat(facts.masters()).extracting(Master::status).containsOnly(PingStatus.UP);
		assertThat(facts.downReason()).isNull();
	}

	@Test
	void aMasterReplacedByItsReplicaIsAFailedNodeAndNoLongerAMaster() {
		RedisClusterFacts facts = RedisClusterFacts.parse(CLUSTER_INFO_OK, CLUSTER_NODES_AFTER_FAILOVER);
		assertThat(facts.masters()).extracting(Master::address)
			.containsExactlyInAnyOrder("127.0.0.1:30004", "127.0.0.1:30002", "127.0.0.1:30003");
		assertThat(facts.masters()).filteredOn((master) -> master.port() == 30004)
			.singleElement()
			.extracting(Master::replicas)
			.isEqualTo(0);
		assertThat(facts.replicaCount()).isEqualTo(2);
		assertThat(facts.failedNodes()).containsExactly("127.0.0.1:30001");
		assertThat(pinged(facts, null).downReason()).isNull();
	}

	@Test
	void aClusterStateOtherThanOkIsDown() {
		RedisClusterFacts facts = pinged(RedisClusterFacts
			.parse(CLUSTER_INFO_OK.replace("cluster_state:ok", "cluster_state:fail"), CLUSTER_NODES_OK), null);
		assertThat(facts.downReason()).isEqualTo("cluster_state is fail");
	}

	@Test
	void aMasterThatFailsItsPingIsDownByAddress() {
		RedisClusterFacts facts = pinged(RedisClusterFacts.parse(CLUSTER_INFO_OK, CLUSTER_NODES_OK), 30002);
		assertThat(facts.downReason())
			.isEqualTo("master 127.0.0.1:30002 failed PING: PING got no reply within 500 ms");
	}

	@Test
	void severalFailedMastersAreAllNamed() {
		RedisClusterFacts parsed = RedisClusterFacts.parse(
				CLUSTER_INFO_OK.replace("cluster_state:ok", "cluster_state:fail"), CLUSTER_NODES_OK);
		RedisClusterFacts facts = parsed.withMasters(parsed.masters()
			.stream()
			.map((master) -> (master.port() == 30003) ? master.answered(Duration.ofMillis(1)) : master.failed("refused"))
			.toList());
		assertThat(facts.downReason()).startsWith("cluster_state is fail; masters ")
			.contains("127.0.0.1:30001", "127.0.0.1:30002")
			.doesNotContain("30003")
			.endsWith(" failed PING");
	}

	@Test
	void aMasterTheClientDoesNotKnowYetIsNotDown() {
		RedisClusterFacts parsed = RedisClusterFacts.parse(CLUSTER_INFO_OK, CLUSTER_NODES_OK);
		RedisClusterFacts facts = parsed
			.withMasters(parsed.masters().stream().map((master) -> master.notChecked("not known")).toList());
		assertThat(facts.downReason()).isNull();
	}

	@Test
	void factsThatCannotBeReadMakeNothingDown() {
		RedisClusterFacts facts = RedisClusterFacts
			.unavailable("RedisCommandExecutionException: NOPERM User health has no permissions to run the 'cluster|info' command");
		assertThat(facts.downReason()).isNull();
		assertThat(facts.masters()).isEmpty();
		assertThat(facts.unavailable()).contains("NOPERM");
	}

	@Test
	void leavesOutHandshakingNodesAndCountsNoReplicaThatFailed() {
		String nodes = CLUSTER_NODES_OK
			.replace("127.0.0.1:30006@31006 slave", "127.0.0.1:30006@31006 slave,fail")
			.concat("9999999999999999999999999999999999999999 127.0.0.1:30007@31007 handshake - 0 0 0 connected\n");
		RedisClusterFacts facts = RedisClusterFacts.parse(CLUSTER_INFO_OK, nodes);
		assertThat(facts.replicaCount()).isEqualTo(2);
		assertThat(facts.failedNodes()).containsExactly("127.0.0.1:30006");
		assertThat(facts.masters()).filteredOn((master) -> master.port() == 30003)
			.singleElement()
			.extracting(Master::replicas)
			.isEqualTo(0);
		assertThat(facts.masters()).noneMatch((master) -> master.port() == 30007);
	}

	private static RedisClusterFacts pinged(RedisClusterFacts facts, Integer failingPort) {
		List<Master> masters = facts.masters()
			.stream()
			.map((master) -> (failingPort != null && master.port() == failingPort)
					? master.failed("PING got no reply within 500 ms") : master.answered(Duration.ofMillis(1)))
			.toList();
		return facts.withMasters(masters);
	}

}
