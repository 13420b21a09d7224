package com.tradingboost.redis.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Configures the Resilience4j instances named {@code redis} from {@code tradingboost.redis.circuit-breaker.*} and
 * {@code tradingboost.redis.retry.*}, at the lowest precedence: any explicit
 * {@code resilience4j.circuitbreaker.instances.redis.*} or {@code resilience4j.retry.instances.redis.*} property
 * wins, one by one. Also maps the breaker endpoint to {@code /actuator/redis-circuit-breaker}.
 */
public final class RedisResilienceDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	private static final String BREAKER = "resilience4j.circuitbreaker.instances.redis.";

	private static final String RETRY = "resilience4j.retry.instances.redis.";

	private static final String OURS = "tradingboost.redis.";

	private static final String OUTAGE_PREDICATE = "com.tradingboost.redis.resilience.RedisOutagePredicate";

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty(OURS + "circuit-breaker.enabled", Boolean.class, true)) {
			return;
		}
		Map<String, Object> defaults = new LinkedHashMap<>();
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
		LowestPrecedenceDefaults.add(environment, defaults);
	}

	private static String placeholder(String property, Object defaultValue) {
		return "${" + OURS + property + ":" + defaultValue + "}";
	}

}
