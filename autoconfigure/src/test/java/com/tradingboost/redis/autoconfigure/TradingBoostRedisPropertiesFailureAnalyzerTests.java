package com.tradingboost.redis.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A refused value is reported with what the user wrote: the {@code REDIS_*} variable, the
 * {@code spring.data.redis.*} property or the {@code tradingboost.redis.*} property and where it is set.
 */
@ExtendWith(OutputCaptureExtension.class)
class TradingBoostRedisPropertiesFailureAnalyzerTests {

	@Test
	void namesTheEnvironmentVariableARefusedValueCameFrom(CapturedOutput output) {
		assertThatException().isThrownBy(() -> RedisPropertyAliasesEnvironmentPostProcessorTests
			.run(Map.of("REDIS_MAX_CONNECTIONS", "0")));
		assertThat(output).contains("Property: tradingboost.redis.pool.max-active")
			.contains("Origin: System Environment Property \"REDIS_MAX_CONNECTIONS\"")
			.contains("Reason: must not be 0 (a negative value means no limit)");
	}

	@Test
	void namesTheSpringDataRedisPropertyARefusedValueCameFrom(CapturedOutput output) {
		assertThatException().isThrownBy(() -> RedisPropertyAliasesEnvironmentPostProcessorTests.run(Map.of(),
				"--spring.data.redis.lettuce.pool.max-idle=0"));
		assertThat(output).contains("Property: tradingboost.redis.pool.max-idle")
			.containsPattern("Origin: \"spring.data.redis.lettuce.pool.max-idle\" from .*property source \"commandLineArgs\"")
			.contains("Reason: must not be 0");
	}

	@Test
	void namesWhereATradingBoostPropertyIsSet(CapturedOutput output) {
		assertThatException().isThrownBy(() -> RedisPropertyAliasesEnvironmentPostProcessorTests.run(Map.of(),
				"--tradingboost.redis.health-check-interval=0s"));
		assertThat(output).contains("Property: tradingboost.redis.health-check-interval")
			.contains("Origin: \"tradingboost.redis.health-check-interval\" from property source \"commandLineArgs\"");
	}

	@Test
	void aZeroMaxActiveIsOneErrorNotTwo() {
		assertThatException()
			.isThrownBy(() -> RedisPropertyAliasesEnvironmentPostProcessorTests.run(Map.of(),
					"--tradingboost.redis.pool.max-active=0"))
			.satisfies((ex) -> assertThat(RedisPropertyAliasesEnvironmentPostProcessorTests
				.findCause(ex, BindValidationException.class)
				.getValidationErrors()
				.getAllErrors()).singleElement()
				.satisfies((error) -> assertThat(error.getDefaultMessage()).startsWith("must not be 0")));
	}

}
