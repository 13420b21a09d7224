package com.tradingboost.redis.testsupport;

import org.junit.jupiter.api.Assumptions;

/** JUnit assumptions that skip a test instead of failing it when the Redis server cannot do what the test needs. */
public final class RedisAssumptions {

	private RedisAssumptions() {
	}

	/** Skips the current test unless {@code server} can be stopped, killed, restarted and paused. */
	public static void assumeControllable(RedisServer server) {
		Assumptions.assumeTrue(server.isControllable(), () -> server.source() + " at " + server.url()
				+ " is not controllable by the fixture; use @DedicatedRedisServer or unset "
				+ RedisServers.FIXTURE_PROPERTY + "=url to run this test");
	}
}
