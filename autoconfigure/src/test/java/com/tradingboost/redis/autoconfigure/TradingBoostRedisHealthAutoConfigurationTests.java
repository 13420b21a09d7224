package com.tradingboost.redis.autoconfigure;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.tradingboost.redis.health.CircuitBreakerState;
import com.tradingboost.redis.health.CircuitBreakerStateProvider;
import com.tradingboost.redis.health.RedisHealthMonitor;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthContributor;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

class TradingBoostRedisHealthAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TradingBoostRedisAutoConfiguration.class,
				TradingBoostRedisHealthAutoConfiguration.class, DataRedisAutoConfiguration.class,
				DataRedisReactiveAutoConfiguration.class, DataRedisHealthContributorAutoConfiguration.class,
				DataRedisReactiveHealthContributorAutoConfiguration.class))
		.withPropertyValues("tradingboost.redis.port=1", "tradingboost.redis.health.probe-timeout=50ms");

	@Test
	void replacesBootsRedisContributorsWithOneComposite() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(RedisHealthMonitor.class);
			assertThat(context.getBeanNamesForType(HealthContributor.class)).containsExactly("redisHealthContributor");
			assertThat(context.getBeanNamesForType(ReactiveHealthContributor.class)).isEmpty();
			CompositeHealthContributor redis = context.getBean("redisHealthContributor",
					CompositeHealthContributor.class);
			assertThat(names(redis)).containsExactly("server", "pool");
		});
	}

	@Test
	void reportsDownWithTheReasonWhenRedisIsUnreachable() {
		this.contextRunner.run((context) -> {
			RedisHealthMonitor monitor = context.getBean(RedisHealthMonitor.class);
			org.awaitility.Awaitility.await()
				.atMost(java.time.Duration.ofSeconds(10))
				.until(() -> monitor.getSnapshot().checkedAt() != null);
			CompositeHealthContributor redis = context.getBean("redisHealthContributor",
					CompositeHealthContributor.class);
			Health server = ((HealthIndicator) redis.getContributor("server")).health();
			assertThat(server.getStatus().getCode()).isEqualTo("DOWN");
			assertThat(server.getDetails()).containsEntry("reason", "last health check failed")
				.containsKey("last_error")
				.containsEntry("consecutive_failures", 1);
		});
	}

	@Test
	void checksEveryProbeIntervalWhileTheLastCheckFailed() {
		this.contextRunner.withPropertyValues("tradingboost.redis.circuit-breaker.probe-interval=250ms")
			.run((context) -> assertThat(context.getBean(RedisHealthMonitor.class).getFailedCheckInterval())
				.isEqualTo(java.time.Duration.ofMillis(250)));
	}

	@Test
	void addsACircuitBreakerChildWhenABreakerReportsItsState() {
		this.contextRunner
			.withBean(CircuitBreakerStateProvider.class,
					() -> () -> new CircuitBreakerState("CLOSED", 0f, Instant.EPOCH, false))
			.run((context) -> {
				CompositeHealthContributor redis = context.getBean("redisHealthContributor",
						CompositeHealthContributor.class);
				assertThat(names(redis)).containsExactly("server", "pool", "circuit-breaker");
				Health breaker = ((HealthIndicator) redis.getContributor("circuit-breaker")).health();
				assertThat(breaker.getStatus().getCode()).isEqualTo("UP");
				assertThat(breaker.getDetails()).containsEntry("state", "CLOSED");
			});
	}

	@Test
	void theHealthIndicatorSwitchTurnsOffTheContributorButNotTheMonitor() {
		this.contextRunner.withPropertyValues("management.health.redis.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean("redisHealthContributor");
			assertThat(context).hasSingleBean(RedisHealthMonitor.class);
		});
	}

	@Test
	void backsOffWhenTheUserDefinesARedisHealthIndicator() {
		this.contextRunner.withBean("redisHealthIndicator", HealthIndicator.class, () -> () -> Health.up().build())
			.run((context) -> assertThat(context.getBeanNamesForType(HealthContributor.class))
				.containsExactly("redisHealthIndicator"));
	}

	@Test
	void leavesBootsIndicatorWhenTheUserReplacesTheConnectionFactory() {
		this.contextRunner.withBean("userFactory", LettuceConnectionFactory.class, LettuceConnectionFactory::new)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(RedisHealthMonitor.class);
				assertThat(context.getBeanNamesForType(ReactiveHealthContributor.class))
					.containsExactly("redisHealthContributor");
			});
	}

	@Test
	void theMonitorUsesTheConfiguredInterval() {
		this.contextRunner.withPropertyValues("tradingboost.redis.health-check-interval=7s")
			.run((context) -> assertThat(context.getBean(RedisHealthMonitor.class).getInterval())
				.hasSeconds(7));
	}

	private static List<String> names(HealthContributors contributors) {
		List<String> names = new ArrayList<>();
		contributors.forEach((entry) -> names.add(entry.name()));
		return names;
	}

}
