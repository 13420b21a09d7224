package com.tradingboost.redis.autoconfigure;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Adds, in Spring Boot's {@code defaultProperties} (the lowest precedence), {@code tradingboost.redis.*} values taken
 * from Spring Boot's {@code spring.data.redis.*} properties and, below those, from the {@code REDIS_*} environment
 * variables of the services this starter replaces (their durations are in seconds). Any explicit
 * {@code tradingboost.redis.*} value wins; an aliased URL is not taken when any connection property (url, host,
 * port, database, username, password) is set explicitly, since a URL would override them all.
 */
public final class RedisPropertyAliasesEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	private static final String PREFIX = "tradingboost.redis.";

	private static final List<String> CONNECTION_PROPERTIES = List.of("url", "host", "port", "database", "username",
			"password");

	private static final List<Alias> ENVIRONMENT_ALIASES = List.of(Alias.plain("REDIS_HOST", "host"),
			Alias.plain("REDIS_PORT", "port"), Alias.plain("REDIS_DB", "database"),
			Alias.plain("REDIS_PASSWORD", "password"), Alias.plain("REDIS_MAX_CONNECTIONS", "pool.max-active"),
			Alias.seconds("REDIS_SOCKET_TIMEOUT", "command-timeout"),
			Alias.seconds("REDIS_HEALTH_CHECK_INTERVAL", "health-check-interval"),
			Alias.plain("REDIS_FAILURE_THRESHOLD", "circuit-breaker.failure-threshold"),
			Alias.seconds("REDIS_RECOVERY_TIMEOUT", "circuit-breaker.recovery-timeout"));

	private static final List<Alias> SPRING_DATA_REDIS_ALIASES = List.of(
			Alias.plain("spring.data.redis.url", "url"), Alias.plain("spring.data.redis.host", "host"),
			Alias.plain("spring.data.redis.port", "port"), Alias.plain("spring.data.redis.database", "database"),
			Alias.plain("spring.data.redis.username", "username"),
			Alias.plain("spring.data.redis.password", "password"),
			Alias.plain("spring.data.redis.client-name", "client-name"),
			Alias.plain("spring.data.redis.timeout", "command-timeout"),
			Alias.plain("spring.data.redis.connect-timeout", "connect-timeout"),
			Alias.plain("spring.data.redis.ssl.enabled", "ssl.enabled"),
			Alias.plain("spring.data.redis.ssl.bundle", "ssl.bundle"),
			Alias.plain("spring.data.redis.lettuce.shutdown-timeout", "shutdown-timeout"),
			Alias.plain("spring.data.redis.lettuce.pool.max-active", "pool.max-active"),
			Alias.plain("spring.data.redis.lettuce.pool.max-idle", "pool.max-idle"),
			Alias.plain("spring.data.redis.lettuce.pool.min-idle", "pool.min-idle"),
			Alias.plain("spring.data.redis.lettuce.pool.max-wait", "pool.max-wait"),
			Alias.plain("spring.data.redis.lettuce.pool.time-between-eviction-runs",
					"pool.time-between-eviction-runs"));

	private final Log logger;

	/**
	 * Returns the {@code spring.data.redis.*} properties the starter honours, each with the
	 * {@code tradingboost.redis.*} property it stands for.
	 * @return the mapping, in declaration order
	 */
	static Map<String, String> springDataRedisMapping() {
		Map<String, String> mapping = new LinkedHashMap<>();
		SPRING_DATA_REDIS_ALIASES.forEach((alias) -> mapping.put(alias.from(), PREFIX + alias.to()));
		return mapping;
	}

	/**
	 * Creates the post-processor.
	 * @param logFactory the factory of the log that reports the aliases taken
	 */
	public RedisPropertyAliasesEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(RedisPropertyAliasesEnvironmentPostProcessor.class);
	}

	@Override
	public int getOrder() {
		// Before post-processors that read the connection settings, such as the sample's local Redis launcher.
		return Ordered.LOWEST_PRECEDENCE - 10;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> values = new LinkedHashMap<>();
		Map<String, String> sources = new LinkedHashMap<>();
		addEnvironmentAliases(environment, values, sources);
		addSpringDataRedisAliases(environment, values, sources);
		if (CONNECTION_PROPERTIES.stream().anyMatch((name) -> environment.containsProperty(PREFIX + name))) {
			values.remove(PREFIX + "url");
			sources.remove(PREFIX + "url");
		}
		values.keySet().removeIf(environment::containsProperty);
		sources.keySet().retainAll(values.keySet());
		if (!values.isEmpty()) {
			LowestPrecedenceDefaults.add(environment, values);
			List<String> used = new ArrayList<>();
			sources.forEach((target, source) -> used.add(source + " -> " + target));
			this.logger.info("Using " + String.join(", ", used)
					+ " (explicit tradingboost.redis.* properties win)");
		}
	}

	private void addEnvironmentAliases(ConfigurableEnvironment environment, Map<String, Object> values,
			Map<String, String> sources) {
		PropertySource<?> systemEnvironment = environment.getPropertySources()
			.get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		if (systemEnvironment == null) {
			return;
		}
		for (Alias alias : ENVIRONMENT_ALIASES) {
			Object value = systemEnvironment.getProperty(alias.from());
			if (value != null && !value.toString().isBlank()) {
				values.put(PREFIX + alias.to(), alias.convert(value.toString().trim()));
				sources.put(PREFIX + alias.to(), alias.from());
			}
		}
	}

	private void addSpringDataRedisAliases(ConfigurableEnvironment environment, Map<String, Object> values,
			Map<String, String> sources) {
		Binder binder = Binder.get(environment);
		for (Alias alias : SPRING_DATA_REDIS_ALIASES) {
			binder.bind(alias.from(), Bindable.of(String.class)).ifBound((value) -> {
				values.put(PREFIX + alias.to(), value);
				sources.put(PREFIX + alias.to(), alias.from());
			});
		}
	}

	private record Alias(String from, String to, boolean inSeconds) {

		static Alias plain(String from, String to) {
			return new Alias(from, to, false);
		}

		static Alias seconds(String from, String to) {
			return new Alias(from, to, true);
		}

		/** Turns a number of seconds into a duration; anything else is left for the binder to reject. */
		String convert(String value) {
			if (!this.inSeconds) {
				return value;
			}
			try {
				BigDecimal seconds = new BigDecimal(value);
				Duration duration = Duration.ofNanos(seconds.movePointRight(9).longValueExact());
				return duration.toMillis() + "ms";
			}
			catch (NumberFormatException | ArithmeticException ex) {
				return value;
			}
		}

	}

}
