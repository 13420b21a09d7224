package com.tradingboost.redis.ops;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

import com.tradingboost.redis.testsupport.DedicatedRedisServer;
import com.tradingboost.redis.testsupport.RedisClusterServers;
import com.tradingboost.redis.testsupport.RedisSentinelSet;
import com.tradingboost.redis.testsupport.RedisServer;
import com.tradingboost.redis.testsupport.RedisServerExtension;

/**
 * Base of the tests that run a pattern on every {@link Topology}: one application per topology for the test class,
 * against a server of the class's own, the run's shared Sentinel set and the run's shared cluster.
 */
@ExtendWith(RedisServerExtension.class)
abstract class TopologyIntegrationTests {

	static TopologyApplications applications;

	@BeforeAll
	static void startApplications(@DedicatedRedisServer RedisServer server, RedisSentinelSet sentinels,
			RedisClusterServers cluster) {
		applications = TopologyApplications.start(server, sentinels, cluster);
	}

	@AfterAll
	static void closeApplications() {
		applications.close();
	}

}
