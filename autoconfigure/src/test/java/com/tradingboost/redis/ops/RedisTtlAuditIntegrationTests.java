package com.tradingboost.redis.ops;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.tradingboost.redis.actuate.RedisTtlAuditEndpoint;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RedisTtlAuditIntegrationTests extends TopologyIntegrationTests {

	@ParameterizedTest
	@EnumSource(Topology.class)
	void theAuditFindsExactlyTheKeysWithoutTtlOnEveryMasterAndCanGiveThemOne(Topology topology) {
		String prefix = TopologyApplications.prefix();
		Map<String, String> expiring = new LinkedHashMap<>();
		for (int i = 0; i < 1200; i++) {
			expiring.put(prefix + "cache:" + i, "x");
		}
		TopologyKeys.write(applications, topology, expiring, Duration.ofMinutes(10));
		Map<String, String> forever = new LinkedHashMap<>();
		for (int i = 0; i < 30; i++) {
			forever.put(prefix + "cache:forever:" + i, "x");
		}
		forever.put(prefix + "other:forever", "x");
		TopologyKeys.write(applications, topology, forever, null);
		assertThat(TopologyKeys.perMaster(applications, topology, prefix + "cache:forever:*"))
			.hasSize((topology == Topology.CLUSTER) ? 3 : 1)
			.allSatisfy((keys) -> assertThat(keys).isNotEmpty());
		RedisTtlAudit<String> audit = applications.bean(topology, RedisTtlAudit.class);
		RedisTtlAudit.Report<String> report = audit.audit(prefix + "cache:*", 5);
		assertThat(report.scanned()).isEqualTo(1230);
		assertThat(report.withoutTtl()).isEqualTo(30);
		assertThat(report.ttlApplied()).isZero();
		assertThat(report.keys()).hasSize(5).allMatch((key) -> key.startsWith(prefix + "cache:forever:"));
		RedisTtlAuditEndpoint endpoint = new RedisTtlAuditEndpoint(audit);
		assertThat(endpoint.audit(prefix + "cache:*").keys()).hasSize(30);
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> endpoint.apply(prefix + "cache:*", "soon"));
		RedisTtlAudit.Report<String> applied = endpoint.apply(prefix + "cache:*", "15m");
		assertThat(applied.ttlApplied()).isEqualTo(30);
		for (String key : Set.of(prefix + "cache:forever:3", prefix + "cache:forever:17", prefix + "cache:forever:29")) {
			assertThat((Long) applications.serverFor(topology, key).execute("TTL", key)).isBetween(890L, 900L);
		}
		String other = prefix + "other:forever";
		assertThat(applications.serverFor(topology, other).execute("TTL", other)).isEqualTo(-1L);
		assertThat(audit.audit(prefix + "cache:*", 5).withoutTtl()).isZero();
		RedisKeyScanner<String> scanner = applications.bean(topology, RedisKeyScanner.class);
		assertThat(scanner.deleteByPattern(prefix + "*", 500)).isEqualTo(1231);
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void anEmptyPatternFindsNothing(Topology topology) {
		RedisTtlAudit<String> audit = applications.bean(topology, RedisTtlAudit.class);
		RedisTtlAudit.Report<String> report = audit.audit(TopologyApplications.prefix() + "*", 10);
		assertThat(report.scanned()).isZero();
		assertThat(report.keys()).isEmpty();
	}

	@Test
	void badInputIsRefusedBeforeAnyIoNamingTheArgument() {
		RedisTtlAudit<String> audit = applications.bean(Topology.STANDALONE, RedisTtlAudit.class);
		assertThatIllegalArgumentException().isThrownBy(() -> audit.audit("", 5))
			.withMessageContaining("pattern must not be null or empty");
		assertThatIllegalArgumentException().isThrownBy(() -> audit.audit("a*", -1))
			.withMessageContaining("maxReported must not be negative");
		assertThatIllegalArgumentException().isThrownBy(() -> audit.applyTtl("a*", Duration.ZERO, 5))
			.withMessageContaining("ttl must be a positive duration");
		RedisTtlAuditEndpoint endpoint = new RedisTtlAuditEndpoint(audit);
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> endpoint.apply("a*", "-5m"));
	}

}
