package com.tradingboost.redis.resilience;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.tradingboost.redis.testsupport.RedisServer;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A plain Spring Boot application with the starter, so environment post-processors and every auto-configuration
 * (Resilience4j's included) run as in a user's application; short timeouts, so faults show within a second, and a
 * later property wins over an earlier one of the same name.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ResilienceTestApplication {

	public static ConfigurableApplicationContext run(RedisServer server, String... properties) {
		Map<String, String> all = new LinkedHashMap<>();
		for (String property : List.of("tradingboost.redis.host=" + server.host(),
				"tradingboost.redis.port=" + server.port(), "tradingboost.redis.command-timeout=500ms",
				"tradingboost.redis.health-check-interval=500ms", "tradingboost.redis.health.probe-timeout=300ms",
				"tradingboost.redis.circuit-breaker.probe-interval=200ms", "spring.main.banner-mode=off")) {
			put(all, property);
		}
		for (String property : properties) {
			put(all, property);
		}
		// As command-line arguments: builder "properties" are default properties, below every other source.
		return new SpringApplicationBuilder(ResilienceTestApplication.class).web(WebApplicationType.NONE)
			.run(all.entrySet().stream().map((entry) -> "--" + entry.getKey() + "=" + entry.getValue()).toArray(String[]::new));
	}

	private static void put(Map<String, String> properties, String property) {
		int equals = property.indexOf('=');
		properties.put(property.substring(0, equals), property.substring(equals + 1));
	}

}
