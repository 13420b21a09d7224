package com.tradingboost.redis.autoconfigure;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import com.tradingboost.redis.connection.RedisUrl;
import com.tradingboost.redis.connection.RedisUrlException;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Answers {@code tradingboost.redis.*} names that no other property source sets with the {@code spring.data.redis.*}
 * property of the same meaning, else with the {@code REDIS_*} environment variable of the services this starter
 * replaces (durations in seconds). Every lookup reads the environment as it is then, so values registered late (for
 * example by {@code @DynamicPropertySource}) count, and the origin it reports names the property or variable the user
 * wrote. Named instances ({@code tradingboost.redis.instances.*}) take no aliases.
 */
final class RedisPropertyAliases extends PropertySource<Object> implements OriginLookup<String> {

	static final String NAME = "tradingboostRedisAliases";

	private static final String PREFIX = "tradingboost.redis.";

	private static final String SPRING = "spring.data.redis.";

	private static final Pattern SERVICE_LINK = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");

	/** What a {@code spring.data.redis.url} stands for, as in Spring Boot: it overrides these properties. */
	private static final List<String> FROM_URL = List.of("host", "port", "database", "username", "password");

	private static final String SPRING_URL = SPRING + "url";

	private static final Map<String, String> SPRING_DATA_REDIS = springDataRedis();

	private static final Map<String, EnvironmentAlias> ENVIRONMENT = environment();

	private final ConfigurableEnvironment environment;

	private RedisPropertyAliases(ConfigurableEnvironment environment) {
		// Not the environment itself as the source: Spring Boot would then iterate it as a nested environment.
		super(NAME, new Object());
		this.environment = environment;
	}

	/**
	 * Returns the aliases of an environment, if they were installed.
	 * @param environment the environment
	 * @return the aliases, or {@code null}
	 */
	static @Nullable RedisPropertyAliases find(ConfigurableEnvironment environment) {
		return (environment.getPropertySources().get(NAME) instanceof RedisPropertyAliases aliases) ? aliases : null;
	}

	/**
	 * Adds the aliases below every other property source of the environment, once.
	 * @param environment the environment
	 * @return the aliases of this environment
	 */
	static RedisPropertyAliases install(ConfigurableEnvironment environment) {
		RedisPropertyAliases existing = find(environment);
		if (existing != null) {
			return existing;
		}
		RedisPropertyAliases aliases = new RedisPropertyAliases(environment);
		environment.getPropertySources().addLast(aliases);
		return aliases;
	}

	private static Map<String, String> springDataRedis() {
		Map<String, String> aliases = new LinkedHashMap<>();
		for (String same : List.of("host", "port", "database", "username", "password", "client-name",
				"connect-timeout", "ssl.enabled", "ssl.bundle", "sentinel.master", "sentinel.nodes", "sentinel.username",
				"sentinel.password", "cluster.nodes", "cluster.max-redirects")) {
			aliases.put(same, SPRING + same);
		}
		aliases.put("command-timeout", SPRING + "timeout");
		aliases.put("shutdown-timeout", SPRING + "lettuce.shutdown-timeout");
		aliases.put("read-from", SPRING + "lettuce.read-from");
		aliases.put("cluster.refresh.period", SPRING + "lettuce.cluster.refresh.period");
		aliases.put("cluster.refresh.dynamic-refresh-sources", SPRING + "lettuce.cluster.refresh.dynamic-refresh-sources");
		aliases.put("master-replica.nodes", SPRING + "masterreplica.nodes");
		for (String pool : List.of("enabled", "max-active", "max-idle", "min-idle", "max-wait",
				"time-between-eviction-runs")) {
			aliases.put("pool." + pool, SPRING + "lettuce.pool." + pool);
		}
		return aliases;
	}

	private static Map<String, EnvironmentAlias> environment() {
		Map<String, EnvironmentAlias> aliases = new LinkedHashMap<>();
		aliases.put("host", new EnvironmentAlias("REDIS_HOST", false));
		aliases.put("port", new EnvironmentAlias("REDIS_PORT", false));
		aliases.put("database", new EnvironmentAlias("REDIS_DB", false));
		aliases.put("password", new EnvironmentAlias("REDIS_PASSWORD", false));
		aliases.put("pool.max-active", new EnvironmentAlias("REDIS_MAX_CONNECTIONS", false));
		aliases.put("command-timeout", new EnvironmentAlias("REDIS_SOCKET_TIMEOUT", true));
		aliases.put("health-check-interval", new EnvironmentAlias("REDIS_HEALTH_CHECK_INTERVAL", true));
		aliases.put("circuit-breaker.failure-threshold", new EnvironmentAlias("REDIS_FAILURE_THRESHOLD", false));
		aliases.put("circuit-breaker.recovery-timeout", new EnvironmentAlias("REDIS_RECOVERY_TIMEOUT", true));
		return aliases;
	}

	/**
	 * Tells whether a {@code REDIS_PORT} value is a Kubernetes (or Docker) service link such as
	 * {@code tcp://10.0.0.11:6379} rather than a port; such a value is ignored.
	 * @param value the value of the variable
	 * @return whether it is a service link
	 */
	static boolean isServiceLink(@Nullable Object value) {
		return value != null && SERVICE_LINK.matcher(value.toString().trim()).matches();
	}

	@Override
	public @Nullable Object getProperty(String name) {
		Alias alias = find(name);
		return (alias != null) ? alias.value() : null;
	}

	@Override
	public @Nullable Origin getOrigin(String name) {
		Alias alias = find(name);
		return (alias != null) ? alias.origin() : null;
	}

	/**
	 * Lists the {@code spring.data.redis.*} properties set to another value than the {@code tradingboost.redis.*}
	 * property that wins over them; names only, since values may be secrets.
	 * @return one line per overridden property
	 */
	List<String> overriddenSpringDataRedisProperties() {
		List<String> overridden = new ArrayList<>();
		if (this.environment.getProperty(SPRING_URL) != null) {
			List<String> ours = FROM_URL.stream().filter((name) -> setElsewhere(PREFIX + name)).toList();
			if (setElsewhere(PREFIX + "url")) {
				overridden.add(SPRING_URL + " (" + PREFIX + "url wins)");
			}
			else if (!ours.isEmpty()) {
				overridden.add(SPRING_URL + " in part (" + PREFIX + "{" + String.join(",", ours) + "} win)");
			}
		}
		SPRING_DATA_REDIS.forEach((ours, spring) -> {
			Object springValue = this.environment.getProperty(spring);
			if (springValue != null && setElsewhere(PREFIX + ours)
					&& !Objects.equals(String.valueOf(springValue), this.environment.getProperty(PREFIX + ours))) {
				overridden.add(spring + " (" + PREFIX + ours + " wins)");
			}
		});
		return overridden;
	}

	/**
	 * Names where the value of a {@code tradingboost.redis.*} property comes from, for logs: the property itself, the
	 * {@code spring.data.redis.*} property or {@code REDIS_*} variable it is aliased to, or {@code default}.
	 * @param relative the name below {@code tradingboost.redis.}
	 * @return the source's name, never a value
	 */
	String sourceOf(String relative) {
		if (setElsewhere(PREFIX + relative)) {
			return PREFIX + relative;
		}
		Alias alias = find(PREFIX + relative);
		if (alias == null) {
			return "default";
		}
		return (alias.origin() instanceof AliasOrigin spring) ? spring.property()
				: ((SystemEnvironmentOrigin) alias.origin()).getProperty();
	}

	private @Nullable Alias find(String name) {
		if (!name.startsWith(PREFIX) || name.startsWith(PREFIX + "instances")) {
			return null;
		}
		String relative = name.substring(PREFIX.length());
		Object springUrl = FROM_URL.contains(relative) || relative.equals("ssl.enabled")
				? this.environment.getProperty(SPRING_URL) : null;
		Alias alias = (springUrl != null) ? fromSpringDataRedisUrl(relative, springUrl.toString()) : null;
		if (alias == null && (springUrl == null || !FROM_URL.contains(relative))) {
			alias = fromSpringDataRedis(relative);
		}
		if (alias == null && (springUrl == null || !FROM_URL.contains(relative))) {
			alias = fromEnvironmentVariable(relative);
		}
		if (alias == null || setElsewhere(name)) {
			return null;
		}
		return alias;
	}

	/**
	 * Takes one part of {@code spring.data.redis.url}, which stands for host, port, database and credentials in Spring
	 * Boot, so that a {@code tradingboost.redis.*} property set beside it overrides that part only.
	 */
	private @Nullable Alias fromSpringDataRedisUrl(String relative, String url) {
		RedisUrl parsed;
		try {
			parsed = RedisUrl.parse(url);
		}
		catch (RedisUrlException ex) {
			throw new InvalidConfigurationPropertyValueException(SPRING_URL, RedisUrl.mask(url), ex.getMessage());
		}
		Object value = switch (relative) {
			case "host" -> parsed.host();
			case "port" -> parsed.port();
			case "database" -> parsed.database();
			case "username" -> parsed.username();
			case "password" -> parsed.password();
			default -> (parsed.ssl() && this.environment.getProperty(SPRING + "ssl.enabled") == null) ? "true" : null;
		};
		return (value != null) ? new Alias(value, new AliasOrigin(SPRING_URL, originOf(SPRING_URL))) : null;
	}

	private @Nullable Alias fromSpringDataRedis(String relative) {
		for (Map.Entry<String, String> entry : SPRING_DATA_REDIS.entrySet()) {
			String ours = entry.getKey();
			if (relative.equals(ours) || relative.startsWith(ours + "[") || relative.startsWith(ours + ".")) {
				String spring = entry.getValue() + relative.substring(ours.length());
				Object value = this.environment.getProperty(spring);
				return (value != null) ? new Alias(value, new AliasOrigin(spring, originOf(spring))) : null;
			}
		}
		return null;
	}

	private @Nullable Alias fromEnvironmentVariable(String relative) {
		EnvironmentAlias alias = ENVIRONMENT.get(relative);
		PropertySource<?> variables = this.environment.getPropertySources()
			.get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		if (alias == null || variables == null) {
			return null;
		}
		Object value = variables.getProperty(alias.variable());
		if (value == null || value.toString().isBlank()
				|| (alias.variable().equals("REDIS_PORT") && isServiceLink(value))) {
			return null;
		}
		return new Alias(alias.convert(value.toString().trim()), new SystemEnvironmentOrigin(alias.variable()));
	}

	private boolean setElsewhere(String name) {
		if (!ConfigurationPropertyName.isValid(name)) {
			return false;
		}
		ConfigurationPropertyName propertyName = ConfigurationPropertyName.of(name);
		for (PropertySource<?> source : this.environment.getPropertySources()) {
			if (source == this) {
				continue;
			}
			ConfigurationPropertySource adapted = ConfigurationPropertySource.from(source);
			if (adapted != null && adapted.getConfigurationProperty(propertyName) != null) {
				return true;
			}
		}
		return false;
	}

	private @Nullable Origin originOf(String name) {
		if (!ConfigurationPropertyName.isValid(name)) {
			return null;
		}
		ConfigurationPropertyName propertyName = ConfigurationPropertyName.of(name);
		for (PropertySource<?> source : this.environment.getPropertySources()) {
			ConfigurationPropertySource adapted = (source != this) ? ConfigurationPropertySource.from(source) : null;
			ConfigurationProperty property = (adapted != null) ? adapted.getConfigurationProperty(propertyName) : null;
			if (property != null) {
				return property.getOrigin();
			}
		}
		return null;
	}

	private record Alias(Object value, Origin origin) {
	}

	/** Where an aliased value came from: the {@code spring.data.redis.*} property and its own origin. */
	private record AliasOrigin(String property, @Nullable Origin origin) implements Origin {

		@Override
		public @Nullable Origin getParent() {
			return this.origin;
		}

		@Override
		public String toString() {
			return "\"" + this.property + "\"" + ((this.origin != null) ? " from " + this.origin : "");
		}

	}

	private record EnvironmentAlias(String variable, boolean inSeconds) {

		/** Turns a number of seconds into a duration; anything else is left for the binder to reject. */
		String convert(String value) {
			if (!this.inSeconds) {
				return value;
			}
			try {
				BigDecimal seconds = new BigDecimal(value);
				return Duration.ofNanos(seconds.movePointRight(9).longValueExact()).toMillis() + "ms";
			}
			catch (NumberFormatException | ArithmeticException ex) {
				return value;
			}
		}

	}

}
