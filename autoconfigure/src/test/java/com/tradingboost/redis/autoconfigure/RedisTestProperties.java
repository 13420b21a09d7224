package com.tradingboost.redis.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.tradingboost.redis.testsupport.RedisServer;

/**
 * {@code tradingboost.redis.*} properties that point at a test server, with a client name unique to one test so
 * that the server's CLIENT LIST can tell its connections apart.
 */
final class RedisTestProperties {

	private RedisTestProperties() {
	}

	static String uniqueClientName() {
		return "it-" + UUID.randomUUID().toString().substring(0, 8);
	}

	static String[] of(RedisServer server, String clientName, String... more) {
		List<String> properties = new ArrayList<>(List.of("tradingboost.redis.host=" + server.host(),
				"tradingboost.redis.port=" + server.port(), "tradingboost.redis.database=" + server.database(),
				"tradingboost.redis.client-name=" + clientName));
		server.username().ifPresent((username) -> properties.add("tradingboost.redis.username=" + username));
		server.password().ifPresent((password) -> properties.add("tradingboost.redis.password=" + password));
		properties.addAll(List.of(more));
		return properties.toArray(String[]::new);
	}

	static long connectionsNamed(RedisServer server, String clientName, String... alsoContaining) {
		return server.clientList()
			.stream()
			.filter((line) -> line.contains(" name=" + clientName + " "))
			.filter((line) -> java.util.Arrays.stream(alsoContaining).allMatch(line::contains))
			.count();
	}

}
