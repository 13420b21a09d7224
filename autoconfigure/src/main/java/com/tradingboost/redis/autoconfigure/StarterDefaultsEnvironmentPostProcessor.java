package com.tradingboost.redis.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Writes the starter's defaults for other libraries' properties into Spring Boot's {@code defaultProperties}, so
 * every property the application sets wins, one by one:
 * <ul>
 * <li>the Kubernetes health groups {@code ready} (readiness state and Redis) and {@code live} (liveness state only,
 * so a Redis outage never restarts a pod), unless {@code tradingboost.redis.health.probe-groups=false};</li>
 * <li>the Resilience4j instances {@code redis}, from {@code tradingboost.redis.circuit-breaker.*} and
 * {@code tradingboost.redis.retry.*}, and the breaker endpoint's path {@code redis-circuit-breaker};</li>
 * <li>Spring Cache statistics for the Redis cache manager, so {@code cache_gets_total} is published.</li>
 * </ul>
 */
public final class StarterDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	private static final String OURS = "tradingboost.redis.";

	private static final String GROUP = "management.endpoint.health.group.";

	private static final String BREAKER = "resilience4j.circuitbreaker.instances.redis.";

	private static final String RETRY = "resilience4j.retry.instances.redis.";

	private static final String HEALTH_ENDPOINT = "org.springframework.boot.health.actuate.endpoint.HealthEndpoint";

	private static final String OUTAGE_PREDICATE = "com.tradingboost.redis.resilience.RedisOutagePredicate";

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		if (ClassUtils.isPresent(HEALTH_ENDPOINT, application.getClassLoader())
				&& enabled(environment, OURS + "health.probe-groups")) {
			addHealthGroups(environment, defaults);
		}
		if (enabled(environment, OURS + "circuit-breaker.enabled")) {
			addResilience(defaults);
		}
		defaults.put("management.endpoints.web.path-mapping.redisttlaudit", "redis-ttl-audit");
		if (enabled(environment, OURS + "metrics.enabled")) {
			defaults.put("spring.cache.redis.enable-statistics", "true");
		}
		LowestPrecedenceDefaults.add(environment, defaults);
	}

	private static void addHealthGroups(ConfigurableEnvironment environment, Map<String, Object> defaults) {
		// Every name a group includes must exist: Boot validates group membership at start-up.
		boolean probes = enabled(environment, "management.endpoint.health.probes.enabled");
		boolean redis = environment.getProperty("management.health.redis.enabled", Boolean.class,
				enabled(environment, "management.health.defaults.enabled"));
		List<String> ready = new ArrayList<>(List.of(probes ? "readinessState" : "ping"));
		if (redis) {
			ready.add("redis");
		}
		defaults.put(GROUP + "ready.include", String.join(",", ready));
		defaults.put(GROUP + "live.include", probes ? "livenessState" : "ping");
	}

	private static void addResilience(Map<String, Object> defaults) {
		String threshold = placeholder("circuit-breaker.failure-threshold",
				TradingBoostRedisProperties.CircuitBreaker.DEFAULT_FAILURE_THRESHOLD);
		// Open after N consecutive failures: a window of N calls, all of which must fail.
		defaults.put(BREAKER + "sliding-window-type", "COUNT_BASED");
		defaults.put(BREAKER + "sliding-window-size", threshold);
		defaults.put(BREAKER + "minimum-number-of-calls", threshold);
		defaults.put(BREAKER + "failure-rate-threshold", "100");
		defaults.put(BREAKER + "wait-duration-in-open-state", placeholder("circuit-breaker.recovery-timeout",
				TradingBoostRedisProperties.CircuitBreaker.DEFAULT_RECOVERY_TIMEOUT));
		defaults.put(BREAKER + "permitted-number-of-calls-in-half-open-state", placeholder(
				"circuit-breaker.half-open-calls", TradingBoostRedisProperties.CircuitBreaker.DEFAULT_HALF_OPEN_CALLS));
		defaults.put(BREAKER + "automatic-transition-from-open-to-half-open-enabled", "true");
		defaults.put(RETRY + "max-attempts",
				placeholder("retry.max-attempts", TradingBoostRedisProperties.Retry.DEFAULT_MAX_ATTEMPTS));
		defaults.put(RETRY + "wait-duration",
				placeholder("retry.initial-backoff", TradingBoostRedisProperties.Retry.DEFAULT_INITIAL_BACKOFF));
		defaults.put(RETRY + "enable-exponential-backoff", "true");
		defaults.put(RETRY + "exponential-backoff-multiplier",
				placeholder("retry.multiplier", TradingBoostRedisProperties.Retry.DEFAULT_MULTIPLIER));
		defaults.put(RETRY + "exponential-max-wait-duration",
				placeholder("retry.max-backoff", TradingBoostRedisProperties.Retry.DEFAULT_MAX_BACKOFF));
		defaults.put(RETRY + "retry-exception-predicate", OUTAGE_PREDICATE);
		defaults.put("management.endpoints.web.path-mapping.rediscircuitbreaker", "redis-circuit-breaker");
	}

	private static boolean enabled(ConfigurableEnvironment environment, String property) {
		return environment.getProperty(property, Boolean.class, true);
	}

	private static String placeholder(String property, Object defaultValue) {
		return "${" + OURS + property + ":" + defaultValue + "}";
	}

}
