package com.tradingboost.redis.ops;

/**
 * The topologies every pattern is tested on, each a whole application against the fixture's real servers.
 */
enum Topology {

	/** One server of this test class's own. */
	STANDALONE,

	/** The run's shared Sentinel set: master, replica, three sentinels. */
	SENTINEL,

	/** The run's shared cluster: three masters, three replicas. */
	CLUSTER

}
