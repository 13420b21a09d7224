package com.tradingboost.redis.autoconfigure;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettucePoolingClientConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

class TradingBoostRedisPropertiesValidationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(TradingBoostRedisAutoConfiguration.class, DataRedisAutoConfiguration.class));

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			port                             | 0      | must be between 1 and 65535
			port                             | 70000  | must be between 1 and 65535
			database                         | -1     | must not be negative
			host                             | ' '    | must not be empty
			connect-timeout                  | 0s     | must be a positive duration
			command-timeout                  | -1s    | must be a positive duration
			shutdown-timeout                 | -1s    | must not be negative
			health-check-interval            | 0s     | must be a positive duration
			pool.max-active                  | 0      | must not be 0 (a negative value means no limit)
			pool.max-idle                    | 0      | must not be 0 (a negative value means no limit; pool.enabled=false opens a connection per use)
			pool.min-idle                    | -1     | must not be negative
			pool.min-idle                    | 201    | must not be greater than pool.max-active (200)
			pool.idle-timeout                | 0s     | must be a positive duration
			lettuce.reconnect-delay.min      | 0ms    | must be a positive duration
			lettuce.reconnect-delay.max      | 50ms   | must be greater than lettuce.reconnect-delay.min (PT0.1S)
			lettuce.keep-alive.idle          | 0s     | must be a positive duration
			lettuce.keep-alive.interval      | 0s     | must be a positive duration
			lettuce.keep-alive.count         | 0      | must be at least 1
			lettuce.tcp-user-timeout.timeout | 0s     | must be a positive duration
			cache.default-ttl                | 0s     | must be a positive duration
			cache.clear-batch-size           | 0      | must be at least 1
			ttl.price-data                   | -1h    | must be a positive duration
			circuit-breaker.failure-threshold | 0     | must be at least 1
			retry.max-attempts               | 0      | must be at least 1
			""")
	void refusesBadValuesNamingThePropertyAndTheRule(String property, String value, String rule) {
		this.contextRunner.withPropertyValues("tradingboost.redis." + property + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			BindValidationException failure = findCause(context.getStartupFailure(), BindValidationException.class);
			assertThat(failure.getValidationErrors().getName().toString()).isEqualTo("tradingboost.redis");
			assertThat(failure.getValidationErrors().getAllErrors())
				.anySatisfy((error) -> assertThat(error.toString()).contains("'" + property + "'").contains(rule));
		});
	}

	@Test
	void refusesANonPositivePerCacheTtlNamingTheCache() {
		this.contextRunner.withPropertyValues("tradingboost.redis.cache.ttl.prices=0s")
			.run((context) -> assertThat(findCause(context.getStartupFailure(), BindValidationException.class))
				.hasMessageContaining("tradingboost.redis.cache.ttl.prices must be a positive duration"));
	}

	@Test
	void springBootsNoLimitPoolValuesKeepTheirMeaning() {
		this.contextRunner
			.withPropertyValues("spring.data.redis.lettuce.pool.max-active=-1", "spring.data.redis.lettuce.pool.max-idle=-1",
					"spring.data.redis.lettuce.pool.max-wait=-1ms",
					"spring.data.redis.lettuce.pool.time-between-eviction-runs=-1ms", "tradingboost.redis.pool.min-idle=5")
			.withInitializer((context) -> RedisPropertyAliases.install(context.getEnvironment()))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				GenericObjectPoolConfig<?> pool = ((LettucePoolingClientConfiguration) context
					.getBean(LettuceConnectionFactory.class)
					.getClientConfiguration()).getPoolConfig();
				assertThat(pool.getMaxTotal()).isEqualTo(-1);
				assertThat(pool.getMaxIdle()).isEqualTo(-1);
				assertThat(pool.getMaxWaitDuration()).isNegative();
				assertThat(pool.getDurationBetweenEvictionRuns()).isNegative();
			});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			http://localhost:6379                  | scheme must be redis:// or rediss://, was 'http'
			localhost:6379                         | scheme must be redis:// or rediss://, was 'localhost'
			redis://                               | is not a valid URI
			redis://host:6379/not-a-number         | path must be a database index such as /0, was '/not-a-number'
			redis://:hunter2@host with space:6379  | is not a valid URI
			redis://user:hunter2@:6379             | must name a host
			""")
	void refusesUnusableUrlsWithoutShowingThePassword(String url, String reason) {
		this.contextRunner.withPropertyValues("tradingboost.redis.url=" + url).run((context) -> {
			assertThat(context).hasFailed();
			BindValidationException failure = findCause(context.getStartupFailure(), BindValidationException.class);
			assertThat(failure.getMessage()).contains("tradingboost.redis.url").contains(reason);
			assertThat(stackText(context.getStartupFailure())).doesNotContain("hunter2");
		});
	}

	@Test
	void refusesAnUnknownDisconnectedBehaviourNamingTheProperty() {
		this.contextRunner.withPropertyValues("tradingboost.redis.lettuce.disconnected-behavior=queue-forever")
			.run((context) -> {
				BindException failure = findCause(context.getStartupFailure(), BindException.class);
				assertThat(failure.getProperty().getName().toString())
					.isEqualTo("tradingboost.redis.lettuce.disconnected-behavior");
			});
	}

	@Test
	void refusesANonNumericPortNamingTheProperty() {
		this.contextRunner.withPropertyValues("tradingboost.redis.port=sixthousand").run((context) -> {
			BindException failure = findCause(context.getStartupFailure(), BindException.class);
			assertThat(failure.getProperty().getName().toString()).isEqualTo("tradingboost.redis.port");
		});
	}

	@Test
	void acceptsTheDefaults() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed());
	}

	private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		Throwable candidate = failure;
		while (candidate != null) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
			candidate = candidate.getCause();
		}
		throw new AssertionError("No " + type.getSimpleName() + " in the cause chain of " + failure, failure);
	}

	private static String stackText(Throwable failure) {
		java.io.StringWriter text = new java.io.StringWriter();
		failure.printStackTrace(new java.io.PrintWriter(text));
		return text.toString();
	}

}
