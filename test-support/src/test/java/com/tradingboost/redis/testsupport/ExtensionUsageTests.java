package com.tradingboost.redis.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class ExtensionUsageTests {

	private static RedisServer sharedFromBeforeAll;

	@BeforeAll
	static void remember(RedisServer redis) {
		sharedFromBeforeAll = redis;
	}

	@BeforeEach
	void clean(RedisServer redis) {
		redis.flushAll();
	}

	@Test
	void sharedServerStoresValues(RedisServer redis) {
		assertThat(redis).isSameAs(sharedFromBeforeAll);
		redis.execute("SET", "k", "v");
		assertThat(redis.execute("GET", "k")).isEqualTo("v");
	}

	@Test
	void dedicatedServerSurvivesACrashAndRestart(@DedicatedRedisServer RedisServer redis, RedisServer shared) {
		assertThat(redis).isNotSameAs(shared);
		redis.execute("SET", "k", "v");

		redis.kill();
		redis.start();

		assertThat(redis.execute("GET", "k")).isNull();
		assertThat(shared.execute("PING")).isEqualTo("PONG");
	}
}
