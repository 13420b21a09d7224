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
 * Defines the Kubernetes health groups {@code ready} (readiness state and Redis) and {@code live} (liveness state
 * only, so a Redis outage never restarts a pod) in Spring Boot's {@code defaultProperties}, so that any
 * {@code management.endpoint.health.group.*} setting of the application wins. Switched off by
 * {@code tradingboost.redis.health.probe-groups=false}.
 */
public final class RedisHealthGroupsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	private static final String HEALTH_ENDPOINT = "org.springframework.boot.health.actuate.endpoint.HealthEndpoint";

	private static final String GROUP = "management.endpoint.health.group.";

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!ClassUtils.isPresent(HEALTH_ENDPOINT, application.getClassLoader())
				|| !environment.getProperty("tradingboost.redis.health.probe-groups", Boolean.class, true)) {
			return;
		}
		// Every name a group includes must exist: Boot validates group membership at start-up.
		boolean probes = environment.getProperty("management.endpoint.health.probes.enabled", Boolean.class, true);
		boolean redis = environment.getProperty("management.health.redis.enabled", Boolean.class,
				environment.getProperty("management.health.defaults.enabled", Boolean.class, true));
		List<String> ready = new ArrayList<>(List.of(probes ? "readinessState" : "ping"));
		if (redis) {
			ready.add("redis");
		}
		Map<String, Object> groups = new LinkedHashMap<>();
		groups.put(GROUP + "ready.include", String.join(",", ready));
		groups.put(GROUP + "live.include", probes ? "livenessState" : "ping");
		LowestPrecedenceDefaults.add(environment, groups);
	}

}
