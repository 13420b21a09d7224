package com.tradingboost.redis.autoconfigure;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Adds, at the lowest precedence, {@code tradingboost.redis.*} values taken from Spring Boot's
 * {@code spring.data.redis.*} properties and, below those, from the {@code REDIS_*} environment variables of the
 * services this starter replaces (their durations are in seconds). Any explicit {@code tradingboost.redis.*} value
 * wins.
 */
public final class RedisPropertyAliasesEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Name of the property source this post-processor adds. */
	public static final String PROPERTY_SOURCE_NAME = "tradingboostRedisAliases";

	private static final String PREFIX = "tradingboost.redis.";

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
	 * Creates the post-processor.
	 * @param logFactory the factory of the log that reports the aliases taken
	 */
	public RedisPropertyAliasesEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(RedisPropertyAliasesEnvironmentPostProcessor.class);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> values = new LinkedHashMap<>();
		Map<String, Origin> origins = new LinkedHashMap<>();
		Map<String, String> sources = new LinkedHashMap<>();
		addEnvironmentAliases(environment, values, origins, sources);
		addSpringDataRedisAliases(environment, values, origins, sources);
		if (!values.isEmpty()) {
			environment.getPropertySources().addLast(new AliasPropertySource(values, origins));
			this.logger.info("Using " + String.join(", ", sources.values())
					+ " as defaults for tradingboost.redis.* (explicit tradingboost.redis.* properties win)");
		}
	}

	private void addEnvironmentAliases(ConfigurableEnvironment environment, Map<String, Object> values,
			Map<String, Origin> origins, Map<String, String> sources) {
		PropertySource<?> systemEnvironment = environment.getPropertySources()
			.get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		if (systemEnvironment == null) {
			return;
		}
		for (Alias alias : ENVIRONMENT_ALIASES) {
			Object value = systemEnvironment.getProperty(alias.from());
			if (value != null && !value.toString().isBlank()) {
				values.put(PREFIX + alias.to(), alias.convert(value.toString().trim()));
				origins.put(PREFIX + alias.to(), new PropertySourceOrigin(systemEnvironment, alias.from()));
				sources.put(PREFIX + alias.to(), alias.from());
			}
		}
	}

	private void addSpringDataRedisAliases(ConfigurableEnvironment environment, Map<String, Object> values,
			Map<String, Origin> origins, Map<String, String> sources) {
		Binder binder = Binder.get(environment);
		for (Alias alias : SPRING_DATA_REDIS_ALIASES) {
			OriginCapturingHandler handler = new OriginCapturingHandler();
			binder.bind(alias.from(), Bindable.of(String.class), handler).ifBound((value) -> {
				values.put(PREFIX + alias.to(), value);
				sources.put(PREFIX + alias.to(), alias.from());
				if (handler.origin != null) {
					origins.put(PREFIX + alias.to(), handler.origin);
				}
				else {
					origins.remove(PREFIX + alias.to());
				}
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

	private static final class OriginCapturingHandler extends AbstractBindHandler {

		private @Nullable Origin origin;

		@Override
		public @Nullable Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
				Object result) {
			ConfigurationProperty property = context.getConfigurationProperty();
			if (property != null) {
				this.origin = property.getOrigin();
			}
			return result;
		}

	}

	private static final class AliasPropertySource extends MapPropertySource implements OriginLookup<String> {

		private final Map<String, Origin> origins;

		AliasPropertySource(Map<String, Object> values, Map<String, Origin> origins) {
			super(PROPERTY_SOURCE_NAME, values);
			this.origins = origins;
		}

		@Override
		public @Nullable Origin getOrigin(String key) {
			return this.origins.get(key);
		}

	}

}
