package com.tradingboost.redis.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class StarterDefaultsEnvironmentPostProcessorTests {

	private final StandardEnvironment environment = new StandardEnvironment();

	@Test
	void definesReadyWithRedisAndLiveWithoutIt() {
		process();
		assertThat(this.environment.getProperty("management.endpoint.health.group.ready.include"))
			.isEqualTo("readinessState,redis");
		assertThat(this.environment.getProperty("management.endpoint.health.group.live.include"))
			.isEqualTo("livenessState");
	}

	@Test
	void anyApplicationSettingWins() {
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("application",
					java.util.Map.of("management.endpoint.health.group.ready.include", "readinessState,db")));
		process();
		assertThat(this.environment.getProperty("management.endpoint.health.group.ready.include"))
			.isEqualTo("readinessState,db");
		assertThat(this.environment.getPropertySources().stream().toList().get(
				this.environment.getPropertySources().size() - 1).getName())
			.isEqualTo("defaultProperties");
	}

	@Test
	void theApplicationsOwnDefaultPropertiesWin() {
		this.environment.getPropertySources()
			.addLast(new MapPropertySource("defaultProperties",
					java.util.Map.of("management.endpoint.health.group.live.include", "livenessState,ping")));
		process();
		assertThat(this.environment.getProperty("management.endpoint.health.group.live.include"))
			.isEqualTo("livenessState,ping");
		assertThat(this.environment.getProperty("management.endpoint.health.group.ready.include"))
			.isEqualTo("readinessState,redis");
	}

	@Test
	void writesTheRedisResilience4jInstancesFromTheStartersProperties() {
		set("tradingboost.redis.circuit-breaker.failure-threshold", "7");
		process();
		assertThat(this.environment.getProperty("resilience4j.circuitbreaker.instances.redis.sliding-window-size"))
			.isEqualTo("7");
		assertThat(this.environment.getProperty("resilience4j.circuitbreaker.instances.redis.wait-duration-in-open-state"))
			.isEqualTo("60s");
		assertThat(this.environment.getProperty("resilience4j.retry.instances.redis.max-attempts")).isEqualTo("4");
		assertThat(this.environment.getProperty("resilience4j.retry.instances.redis.wait-duration")).isEqualTo("100ms");
		assertThat(this.environment.getProperty("spring.cache.redis.enable-statistics")).isEqualTo("true");
	}

	@Test
	void switchingTheBreakerAndMetricsOffLeavesTheirDefaultsOut() {
		set("tradingboost.redis.circuit-breaker.enabled", "false");
		set("tradingboost.redis.metrics.enabled", "false");
		process();
		assertThat(this.environment.containsProperty("resilience4j.circuitbreaker.instances.redis.sliding-window-size"))
			.isFalse();
		assertThat(this.environment.containsProperty("spring.cache.redis.enable-statistics")).isFalse();
	}

	@Test
	void oneSwitchTurnsTheGroupsOff() {
		set("tradingboost.redis.health.probe-groups", "false");
		process();
		assertThat(this.environment.containsProperty("management.endpoint.health.group.ready.include")).isFalse();
		assertThat(this.environment.containsProperty("management.endpoint.health.group.live.include")).isFalse();
	}

	@Test
	void includesOnlyContributorsThatExist() {
		set("management.endpoint.health.probes.enabled", "false");
		set("management.health.redis.enabled", "false");
		process();
		assertThat(this.environment.getProperty("management.endpoint.health.group.ready.include")).isEqualTo("ping");
		assertThat(this.environment.getProperty("management.endpoint.health.group.live.include")).isEqualTo("ping");
	}

	private void set(String name, String value) {
		this.environment.getPropertySources().addFirst(new MapPropertySource(name, java.util.Map.of(name, value)));
	}

	private void process() {
		new StarterDefaultsEnvironmentPostProcessor().postProcessEnvironment(this.environment,
				new SpringApplication());
	}

}
