package com.tradingboost.redis.autoconfigure;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ExtendWith(OutputCaptureExtension.class)
class RedisPropertyAliasesEnvironmentPostProcessorTests {

	@Test
	void readsThePythonServicesEnvironmentVariables() {
		Map<String, Object> env = Map.of("REDIS_HOST", "redis.prod", "REDIS_PORT", "6380", "REDIS_DB", "4",
				"REDIS_PASSWORD", "env-secret", "REDIS_MAX_CONNECTIONS", "50", "REDIS_SOCKET_TIMEOUT", "2.5",
				"REDIS_HEALTH_CHECK_INTERVAL", "30", "REDIS_FAILURE_THRESHOLD", "4", "REDIS_RECOVERY_TIMEOUT", "45");
		try (ConfigurableApplicationContext context = run(env)) {
			TradingBoostRedisProperties properties = context.getBean(TradingBoostRedisProperties.class);
			assertThat(properties.getHost()).isEqualTo("redis.prod");
			assertThat(properties.getPort()).isEqualTo(6380);
			assertThat(properties.getDatabase()).isEqualTo(4);
			assertThat(properties.getPassword()).isEqualTo("env-secret");
			assertThat(properties.getPool().getMaxActive()).isEqualTo(50);
			assertThat(properties.getCommandTimeout()).isEqualTo(Duration.ofMillis(2500));
			assertThat(properties.getHealthCheckInterval()).isEqualTo(Duration.ofSeconds(30));
			assertThat(properties.getCircuitBreaker().getFailureThreshold()).isEqualTo(4);
			assertThat(properties.getCircuitBreaker().getRecoveryTimeout()).isEqualTo(Duration.ofSeconds(45));
			assertThat(context.getEnvironment()
				.getProperty("resilience4j.circuitbreaker.instances.redis.minimum-number-of-calls")).isEqualTo("4");
			assertThat(context.getEnvironment()
				.getProperty("resilience4j.circuitbreaker.instances.redis.wait-duration-in-open-state"))
				.isEqualTo("45000ms");
			LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
			assertThat(factory.getStandaloneConfiguration().getPassword()).isEqualTo(RedisPassword.of("env-secret"));
		}
	}

	@Test
	void precedenceIsTradingBoostThenSpringDataRedisThenEnvironmentThenDefaults() {
		Map<String, Object> env = Map.of("REDIS_HOST", "from-env", "REDIS_PORT", "1001", "REDIS_DB", "1",
				"REDIS_MAX_CONNECTIONS", "11");
		try (ConfigurableApplicationContext context = run(env, "--tradingboost.redis.host=from-tradingboost",
				"--spring.data.redis.host=from-spring-data", "--spring.data.redis.port=2002")) {
			TradingBoostRedisProperties properties = context.getBean(TradingBoostRedisProperties.class);
			assertThat(properties.getHost()).isEqualTo("from-tradingboost");
			assertThat(properties.getPort()).isEqualTo(2002);
			assertThat(properties.getDatabase()).isEqualTo(1);
			assertThat(properties.getPool().getMaxActive()).isEqualTo(11);
			assertThat(properties.getConnectTimeout()).isEqualTo(Duration.ofSeconds(5));
		}
	}

	@Test
	void tradingBoostEnvironmentVariablesBeatTheAliases() {
		Map<String, Object> env = Map.of("REDIS_HOST", "from-alias", "TRADINGBOOST_REDIS_HOST", "from-relaxed-env");
		try (ConfigurableApplicationContext context = run(env)) {
			assertThat(context.getBean(TradingBoostRedisProperties.class).getHost()).isEqualTo("from-relaxed-env");
		}
	}

	@Test
	void honoursSpringDataRedisPropertiesWhenTradingBoostOnesAreAbsent() {
		try (ConfigurableApplicationContext context = run(Map.of(), "--spring.data.redis.url=redis://cache:6390/2",
				"--spring.data.redis.timeout=1500ms", "--spring.data.redis.lettuce.pool.max-active=12",
				"--spring.data.redis.client-name=legacy")) {
			LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
			assertThat(factory.getHostName()).isEqualTo("cache");
			assertThat(factory.getPort()).isEqualTo(6390);
			assertThat(factory.getDatabase()).isEqualTo(2);
			TradingBoostRedisProperties properties = context.getBean(TradingBoostRedisProperties.class);
			assertThat(properties.getCommandTimeout()).isEqualTo(Duration.ofMillis(1500));
			assertThat(properties.getPool().getMaxActive()).isEqualTo(12);
			assertThat(properties.getClientName()).isEqualTo("legacy");
		}
	}

	@Test
	void addsNothingWhenNoAliasIsSet() {
		try (ConfigurableApplicationContext context = run(Map.of())) {
			PropertySource<?> defaults = context.getEnvironment().getPropertySources().get("defaultProperties");
			assertThat(defaults == null || !defaults.containsProperty("tradingboost.redis.host")).isTrue();
			assertThat(context.getBean(TradingBoostRedisProperties.class).getHost()).isEqualTo("localhost");
		}
	}

	@Test
	void anExplicitConnectionPropertyOverridesOnlyItsOwnPartOfAnAliasedUrl() {
		try (ConfigurableApplicationContext context = run(Map.of("SPRING_DATA_REDIS_URL", "redis://:url-secret@from-url:6390/4"),
				"--tradingboost.redis.host=explicit-host")) {
			LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
			assertThat(factory.getHostName()).isEqualTo("explicit-host");
			assertThat(factory.getPort()).isEqualTo(6390);
			assertThat(factory.getDatabase()).isEqualTo(4);
			assertThat(factory.getStandaloneConfiguration().getPassword()).isEqualTo(RedisPassword.of("url-secret"));
		}
	}

	@Test
	void propertySourceFilesAndTheApplicationsOwnDefaultsBeatTheAliases() {
		SpringApplication application = application(Map.of("REDIS_HOST", "from-env", "REDIS_PORT", "1001"),
				AliasesWithPropertySourceApplication.class);
		application.setDefaultProperties(Map.of("tradingboost.redis.port", "2002"));
		try (ConfigurableApplicationContext context = application.run()) {
			TradingBoostRedisProperties properties = context.getBean(TradingBoostRedisProperties.class);
			assertThat(properties.getHost()).isEqualTo("from-property-source-file");
			assertThat(properties.getPort()).isEqualTo(2002);
		}
	}

	@Test
	void aBadAliasValueStopsStartupNamingTheProperty(CapturedOutput output) {
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> run(Map.of("REDIS_SOCKET_TIMEOUT", "soon")))
			.satisfies((ex) -> {
				BindException failure = findCause(ex, BindException.class);
				assertThat(failure.getProperty().getName().toString()).isEqualTo("tradingboost.redis.command-timeout");
				assertThat(failure.getProperty().getOrigin()).hasToString("System Environment Property \"REDIS_SOCKET_TIMEOUT\"");
			});
		assertThat(output).contains("REDIS_SOCKET_TIMEOUT");
	}

	static ConfigurableApplicationContext run(Map<String, Object> systemEnvironment, String... args) {
		return application(systemEnvironment, AliasesTestApplication.class).run(args);
	}

	private static SpringApplication application(Map<String, Object> systemEnvironment, Class<?> source) {
		StandardEnvironment environment = new StandardEnvironment();
		Map<String, Object> env = new HashMap<>(systemEnvironment);
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
							env));
		SpringApplication application = new SpringApplication(source);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setEnvironment(environment);
		return application;
	}

	static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
		}
		throw new AssertionError("No " + type.getSimpleName() + " in " + failure, failure);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ TradingBoostRedisAutoConfiguration.class, DataRedisAutoConfiguration.class })
	static class AliasesTestApplication {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ TradingBoostRedisAutoConfiguration.class, DataRedisAutoConfiguration.class })
	@org.springframework.context.annotation.PropertySource("classpath:aliases-test.properties")
	static class AliasesWithPropertySourceApplication {

	}

}
