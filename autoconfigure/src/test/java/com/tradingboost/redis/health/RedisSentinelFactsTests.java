package com.tradingboost.redis.health;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.tradingboost.redis.health.RedisSentinelFacts.Replica;

import static org.assertj.core.api.Assertions.assertThat;

class RedisSentinelFactsTests {

	private static final Map<String, String> MASTER = Map.of("name", "mymaster", "ip", "127.0.0.1", "port", "40001",
			"flags", "master", "num-slaves", "1", "num-other-sentinels", "2", "quorum", "2");

	@Test
	void readsTheMasterItsReplicasAndTheOtherSentinels() {
		RedisSentinelFacts facts = RedisSentinelFacts.of("mymaster", MASTER,
				List.of(Map.of("ip", "127.0.0.1", "port", "40002", "flags", "slave")),
				List.of(Map.of("ip", "127.0.0.1", "port", "26380", "flags", "sentinel"),
						Map.of("ip", "127.0.0.1", "port", "26381", "flags", "sentinel")));
		assertThat(facts.masterName()).isEqualTo("mymaster");
		assertThat(facts.master()).isEqualTo("127.0.0.1:40001");
		assertThat(facts.masterFlags()).isEqualTo("master");
		assertThat(facts.replicas()).containsExactly(new Replica("127.0.0.1:40002", "slave"));
		assertThat(facts.quorum()).isEqualTo(2L);
		assertThat(facts.sentinelsKnown()).isEqualTo(3L);
		assertThat(facts.sentinelsDown()).isEmpty();
		assertThat(facts.unavailable()).isNull();
	}

	@Test
	void namesTheSentinelsThatAreDownOrDisconnected() {
		RedisSentinelFacts facts = RedisSentinelFacts.of("mymaster", MASTER, List.of(),
				List.of(Map.of("ip", "127.0.0.1", "port", "26380", "flags", "s_down,sentinel"),
						Map.of("ip", "127.0.0.1", "port", "26381", "flags", "sentinel,disconnected"),
						Map.of("ip", "127.0.0.1", "port", "26382", "flags", "sentinel")));
		assertThat(facts.sentinelsDown()).containsExactly("127.0.0.1:26380", "127.0.0.1:26381");
	}

	@Test
	void anIpv6AddressIsBracketed() {
		RedisSentinelFacts facts = RedisSentinelFacts.of("mymaster",
				Map.of("ip", "::1", "port", "40001", "flags", "master"), List.of(), List.of());
		assertThat(facts.master()).isEqualTo("[::1]:40001");
		assertThat(facts.sentinelsKnown()).isNull();
	}

}
