package com.tradingboost.redis.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Warns at start-up about {@code spring.data.redis.*} properties that the shared factory does not apply, so they are
 * never ignored silently: values that arrived after the environment was prepared (e.g. from
 * {@code @DynamicPropertySource}), values overridden by {@code tradingboost.redis.*}, and settings the starter does
 * not support. Names only: values may be secrets.
 */
final class SpringDataRedisPropertiesCheck {

	private static final Log logger = LogFactory.getLog(SpringDataRedisPropertiesCheck.class);

	private static final List<String> UNSUPPORTED = List.of("spring.data.redis.sentinel", "spring.data.redis.cluster",
			"spring.data.redis.masterreplica", "spring.data.redis.lettuce.cluster", "spring.data.redis.lettuce.read-from",
			"spring.data.redis.lettuce.pool.enabled", "spring.data.redis.client-type", "spring.data.redis.jedis");

	private static final List<String> CONNECTION = List.of("tradingboost.redis.url", "tradingboost.redis.host",
			"tradingboost.redis.port", "tradingboost.redis.database", "tradingboost.redis.username",
			"tradingboost.redis.password", "tradingboost.redis.ssl.enabled", "tradingboost.redis.ssl.bundle");

	private SpringDataRedisPropertiesCheck() {
	}

	static List<String> ignoredProperties(Environment environment, boolean serviceConnection) {
		Binder binder = Binder.get(environment);
		List<String> ignored = new ArrayList<>();
		for (Map.Entry<String, String> mapping : RedisPropertyAliasesEnvironmentPostProcessor.springDataRedisMapping()
			.entrySet()) {
			String springValue = binder.bind(mapping.getKey(), String.class).orElse(null);
			if (springValue == null) {
				continue;
			}
			if (serviceConnection && CONNECTION.contains(mapping.getValue())) {
				ignored.add(mapping.getKey() + " (the service connection applies)");
			}
			else if (!Objects.equals(springValue, binder.bind(mapping.getValue(), String.class).orElse(null))) {
				ignored.add(mapping.getKey() + " (" + mapping.getValue() + " applies)");
			}
		}
		for (String name : UNSUPPORTED) {
			if (binder.bind(name, Bindable.mapOf(String.class, Object.class)).isBound()
					|| binder.bind(name, String.class).isBound()) {
				ignored.add(name + ".* (not supported by the starter)");
			}
		}
		return ignored;
	}

	static void warn(Environment environment, boolean serviceConnection) {
		List<String> ignored = ignoredProperties(environment, serviceConnection);
		if (!ignored.isEmpty()) {
			logger.warn("These spring.data.redis.* properties do not configure the shared Redis connection factory: "
					+ String.join(", ", ignored) + ". Use tradingboost.redis.* instead.");
		}
	}

}
