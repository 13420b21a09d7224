package com.tradingboost.redis.health;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RedisServerFactsTests {

	private static final String INFO = """
			# Server\r
			redis_version:7.0.15\r
			redis_mode:standalone\r
			# Clients\r
			connected_clients:12\r
			maxclients:10000\r
			# Memory\r
			used_memory:1048576\r
			used_memory_human:1.00M\r
			# Stats\r
			keyspace_hits:85\r
			keyspace_misses:15\r
			# Replication\r
			role:master\r
			# Keyspace\r
			db0:keys=3,expires=1,avg_ttl=0\r
			""";

	@Test
	void readsTheFactsFromAnInfoReply() {
		RedisServerFacts facts = RedisServerFacts.parse(INFO);
		assertThat(facts.version()).isEqualTo("7.0.15");
		assertThat(facts.mode()).isEqualTo("standalone");
		assertThat(facts.role()).isEqualTo("master");
		assertThat(facts.connectedClients()).isEqualTo(12L);
		assertThat(facts.maxClients()).isEqualTo(10000L);
		assertThat(facts.usedMemoryHuman()).isEqualTo("1.00M");
		assertThat(facts.hitRate()).isCloseTo(0.85, within(1e-9));
	}

	@Test
	void leavesOutWhatAnOlderServerDoesNotReport() {
		RedisServerFacts facts = RedisServerFacts.parse("redis_version:6.2.6\r\nconnected_clients:x\r\n");
		assertThat(facts.version()).isEqualTo("6.2.6");
		assertThat(facts.maxClients()).isNull();
		assertThat(facts.connectedClients()).isNull();
		assertThat(facts.hitRate()).isNull();
	}

	@Test
	void hasNoHitRateBeforeAnyLookup() {
		assertThat(RedisServerFacts.parse("keyspace_hits:0\nkeyspace_misses:0\n").hitRate()).isNull();
	}

}
