package com.tradingboost.redis.autoconfigure;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import com.jayway.jsonpath.JsonPath;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated configuration metadata documents every property, so IDEs complete {@code tradingboost.redis.*}.
 */
class ConfigurationMetadataTests {

	private static final Set<String> WITHOUT_DEFAULT = Set.of("tradingboost.redis.url", "tradingboost.redis.username",
			"tradingboost.redis.password", "tradingboost.redis.client-name", "tradingboost.redis.ssl.enabled",
			"tradingboost.redis.ssl.bundle", "tradingboost.redis.cache.key-prefix", "tradingboost.redis.cache.ttl",
			"tradingboost.redis.read-from", "tradingboost.redis.sentinel.master", "tradingboost.redis.sentinel.nodes",
			"tradingboost.redis.sentinel.username", "tradingboost.redis.sentinel.password",
			"tradingboost.redis.cluster.nodes", "tradingboost.redis.cluster.max-redirects",
			"tradingboost.redis.master-replica.nodes", "tradingboost.redis.instances",
			"tradingboost.redis.json.trusted-packages", "tradingboost.redis.near-cache.caches",
			"tradingboost.redis.near-cache.expire-after-write");

	@Test
	void everyPropertyHasADescriptionAndEveryValuedPropertyItsDefault() throws Exception {
		List<Map<String, Object>> properties;
		try (InputStream json = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(json).as("generated metadata").isNotNull();
			properties = JsonPath.parse(json).read("$.properties");
		}
		assertThat(properties).extracting((property) -> property.get("name"))
			.contains("tradingboost.redis.pool.max-active", "tradingboost.redis.health-check-interval",
					"tradingboost.redis.lettuce.disconnected-behavior", "tradingboost.redis.ssl.bundle");
		assertThat(properties).hasSizeGreaterThanOrEqualTo(30).allSatisfy((property) -> {
			assertThat((String) property.get("description")).as("description of %s", property.get("name"))
				.isNotBlank()
				.endsWith(".");
			if (!WITHOUT_DEFAULT.contains(property.get("name"))) {
				assertThat(property.get("defaultValue")).as("default of %s", property.get("name")).isNotNull();
			}
		});
		assertThat(properties).filteredOn((property) -> property.get("name").equals("tradingboost.redis.pool.max-active"))
			.singleElement()
			.satisfies((property) -> assertThat(property.get("defaultValue")).isEqualTo(200));
		assertThat(properties)
			.filteredOn((property) -> property.get("name").equals("tradingboost.redis.health-check-interval"))
			.singleElement()
			.satisfies((property) -> assertThat(property.get("defaultValue")).isEqualTo("15s"));
	}

}
