package com.tradingboost.redis.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code tradingboost.redis.*} property the starter does not know is named at start-up with the nearest known one.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnknownPropertiesWarningTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(TradingBoostRedisAutoConfiguration.class, DataRedisAutoConfiguration.class));

	@Test
	void aTypoIsNamedWithTheNearestKnownProperty(CapturedOutput output) {
		this.contextRunner.withPropertyValues("tradingboost.redis.pool.max-actve=10").run((context) -> {
			assertThat(context.getBean(TradingBoostRedisProperties.class).getPool().getMaxActive()).isEqualTo(200);
			assertThat(output).contains("Unknown property tradingboost.redis.pool.max-actve")
				.contains("did you mean tradingboost.redis.pool.max-active?");
		});
	}

	@Test
	void aTypoInANamedInstanceKeepsTheInstanceName(CapturedOutput output) {
		this.contextRunner.withPropertyValues("tradingboost.redis.instances.market.comand-timeout=100ms")
			.run((context) -> assertThat(output)
				.contains("did you mean tradingboost.redis.instances.market.command-timeout?"));
	}

	@Test
	void somethingFarFromAnyPropertyGetsNoSuggestion(CapturedOutput output) {
		this.contextRunner.withPropertyValues("tradingboost.redis.completely-unrelated-setting=1")
			.run((context) -> assertThat(output)
				.contains("Unknown property tradingboost.redis.completely-unrelated-setting")
				.doesNotContain("did you mean"));
	}

	@Test
	void validPropertiesMapKeysAndListsAreNotReported(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("tradingboost.redis.pool.max-active=10", "tradingboost.redis.cache.ttl.prices=1h",
					"tradingboost.redis.cache.ttl[risk.scores]=5m", "tradingboost.redis.cache.ttl.user.profile=5m", "tradingboost.redis.sentinel.nodes[0]=s1:26379",
					"tradingboost.redis.sentinel.master=m", "tradingboost.redis.retry.commands=GET,MGET",
					"tradingboost.redis.instances.market.port=6380",
					"tradingboost.redis.instances.market.pool.max-active=5",
					"tradingboost.redis.instances.market.cluster.refresh.period=2s",
					"tradingboost.redis.lettuce.keep-alive.idle=5s", "tradingboost.redis.json.trusted-packages=com.acme",
					"tradingboost.redis.ttl.price-data=2h", "tradingboost.redis.circuit-breaker.half-open-calls=2")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(UnknownPropertiesWarning.class).unknownProperties()).isEmpty();
				assertThat(output).doesNotContain("Unknown property");
			});
	}

}
