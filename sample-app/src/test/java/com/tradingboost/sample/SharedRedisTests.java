package com.tradingboost.sample;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

import com.tradingboost.redis.testsupport.RedisServer;
import com.tradingboost.redis.testsupport.RedisServerExtension;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tests of the running sample against the fixture's shared server.
 */
@ExtendWith(RedisServerExtension.class)
abstract class SharedRedisTests {

	static RedisServer redis;

	@BeforeAll
	static void server(RedisServer server) {
		redis = server;
	}

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		RedisTestProperties.register(registry, redis);
	}

}
