package com.tradingboost.redis.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Adds values to Spring Boot's {@code defaultProperties}, the source below every other one (Spring adds
 * {@code @PropertySource} files before it), without replacing a default the application set itself.
 */
final class LowestPrecedenceDefaults {

	private LowestPrecedenceDefaults() {
	}

	static void add(ConfigurableEnvironment environment, Map<String, Object> values) {
		PropertySource<?> existing = environment.getPropertySources().get(DefaultPropertiesPropertySource.NAME);
		Map<String, Object> absent = new LinkedHashMap<>();
		values.forEach((name, value) -> {
			if (existing == null || !existing.containsProperty(name)) {
				absent.put(name, value);
			}
		});
		DefaultPropertiesPropertySource.addOrMerge(absent, environment.getPropertySources());
	}

}
