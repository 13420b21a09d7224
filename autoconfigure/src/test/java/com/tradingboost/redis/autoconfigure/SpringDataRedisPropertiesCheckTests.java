package com.tradingboost.redis.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class SpringDataRedisPropertiesCheckTests {

	@Test
	void aLateSpringDataRedisValueIsReportedByNameOnly(CapturedOutput output) {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.data.redis.host", "late-host")
			.withProperty("spring.data.redis.password", "late-secret-value");
		SpringDataRedisPropertiesCheck.warn(environment, false);
		assertThat(output).contains("spring.data.redis.host (tradingboost.redis.host applies)")
			.contains("spring.data.redis.password (tradingboost.redis.password applies)")
			.doesNotContain("late-secret-value")
			.doesNotContain("late-host");
	}

	@Test
	void valuesTakenAsAliasesAreNotReported() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.data.redis.host", "same")
			.withProperty("tradingboost.redis.host", "same");
		assertThat(SpringDataRedisPropertiesCheck.ignoredProperties(environment, false)).isEmpty();
	}

	@Test
	void unsupportedTopologiesAreReported() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty("spring.data.redis.sentinel.master", "mymaster")
			.withProperty("spring.data.redis.cluster.nodes", "a:1,b:2");
		assertThat(SpringDataRedisPropertiesCheck.ignoredProperties(environment, false)).containsExactly(
				"spring.data.redis.sentinel.* (not supported by the starter)",
				"spring.data.redis.cluster.* (not supported by the starter)");
	}

	@Test
	void aServiceConnectionMakesEverySpringDataRedisConnectionValueIgnored() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.data.redis.port", "6390")
			.withProperty("tradingboost.redis.port", "6390");
		assertThat(SpringDataRedisPropertiesCheck.ignoredProperties(environment, true))
			.containsExactly("spring.data.redis.port (the service connection applies)");
	}

}
