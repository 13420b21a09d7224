package com.tradingboost.sample;

import com.tradingboost.redis.testsupport.RedisServer;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points the sample app under test at a fixture server.
 */
final class RedisTestProperties {

	private RedisTestProperties() {
	}

	static void register(DynamicPropertyRegistry registry, RedisServer redis) {
		registry.add("tradingboost.redis.host", redis::host);
		registry.add("tradingboost.redis.port", redis::port);
		registry.add("tradingboost.redis.database", redis::database);
		redis.username().ifPresent((username) -> registry.add("tradingboost.redis.username", () -> username));
		redis.password().ifPresent((password) -> registry.add("tradingboost.redis.password", () -> password));
	}

}
