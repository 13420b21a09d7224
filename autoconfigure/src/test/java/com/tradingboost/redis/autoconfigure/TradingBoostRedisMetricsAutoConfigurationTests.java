package com.tradingboost.redis.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;
import com.tradingboost.redis.metrics.RedisCommandMeters;
import com.tradingboost.redis.metrics.RedisMetrics;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class TradingBoostRedisMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TradingBoostRedisMetricsAutoConfiguration.class,
				TradingBoostRedisAutoConfiguration.class, TradingBoostRedisHealthAutoConfiguration.class,
				DataRedisAutoConfiguration.class))
		.withPropertyValues("tradingboost.redis.port=1", "tradingboost.redis.health.probe-timeout=50ms");

	@Test
	void publishesTheStartersMetersWhenARegistryExists() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			assertThat(context).hasSingleBean(RedisCommandMeters.class).hasSingleBean(RedisMetrics.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			context.getBean(RedisMetrics.class).bindTo(registry);
			assertThat(registry.find("tradingboost.redis.pool.connections.max").tag("pool", "sync").gauge().value())
				.isEqualTo(200);
			assertThat(registry.find("tradingboost.redis.connection.shared.connected").gauge()).isNotNull();
			assertThat(registry.find("redis.hits").functionCounter()).isNotNull();
		});
	}

	@Test
	void oneSwitchTurnsTheMetersOff() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("tradingboost.redis.metrics.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(RedisCommandMeters.class).doesNotHaveBean(RedisMetrics.class);
				assertThat(context).hasSingleBean(TradingBoostLettuceConnectionFactory.class);
			});
	}

	@Test
	void backsOffWithoutAMeterRegistry() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(RedisCommandMeters.class)
			.doesNotHaveBean(RedisMetrics.class));
	}

}
