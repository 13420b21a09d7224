package com.tradingboost.redis.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Node;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisNode;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.RedisStaticMasterReplicaConfiguration;

/**
 * Turns {@link DataRedisConnectionDetails} into the Spring Data Redis {@link RedisConfiguration} of its topology.
 */
final class RedisConfigurationFactory {

	private RedisConfigurationFactory() {
	}

	static RedisConfiguration create(DataRedisConnectionDetails details) {
		if (details.getSentinel() != null) {
			return sentinel(details, details.getSentinel());
		}
		if (details.getCluster() != null) {
			return cluster(details, details.getCluster());
		}
		if (details.getMasterReplica() != null) {
			return masterReplica(details, details.getMasterReplica());
		}
		DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
		if (standalone == null) {
			throw new IllegalStateException(details.getClass().getName()
					+ " provides neither a standalone, sentinel, cluster nor master/replica configuration");
		}
		RedisStandaloneConfiguration config = new RedisStandaloneConfiguration(standalone.getHost(),
				standalone.getPort());
		config.setDatabase(standalone.getDatabase());
		config.setUsername(details.getUsername());
		config.setPassword(password(details.getPassword()));
		return config;
	}

	static boolean isCluster(DataRedisConnectionDetails details) {
		return details.getCluster() != null;
	}

	private static RedisConfiguration sentinel(DataRedisConnectionDetails details,
			DataRedisConnectionDetails.Sentinel sentinel) {
		RedisSentinelConfiguration config = new RedisSentinelConfiguration();
		config.master(sentinel.getMaster());
		config.setSentinels(nodes(sentinel.getNodes()));
		config.setDatabase(sentinel.getDatabase());
		config.setUsername(details.getUsername());
		config.setPassword(password(details.getPassword()));
		config.setSentinelUsername(sentinel.getUsername());
		config.setSentinelPassword(password(sentinel.getPassword()));
		return config;
	}

	private static RedisConfiguration cluster(DataRedisConnectionDetails details,
			DataRedisConnectionDetails.Cluster cluster) {
		RedisClusterConfiguration config = new RedisClusterConfiguration();
		config.setClusterNodes(nodes(cluster.getNodes()));
		config.setUsername(details.getUsername());
		config.setPassword(password(details.getPassword()));
		return config;
	}

	private static RedisConfiguration masterReplica(DataRedisConnectionDetails details,
			DataRedisConnectionDetails.MasterReplica masterReplica) {
		List<Node> nodes = masterReplica.getNodes();
		if (nodes.isEmpty()) {
			throw new IllegalStateException("A master/replica configuration needs at least one node");
		}
		RedisStaticMasterReplicaConfiguration config = new RedisStaticMasterReplicaConfiguration(nodes.get(0).host(),
				nodes.get(0).port());
		nodes.stream().skip(1).forEach((node) -> config.addNode(node.host(), node.port()));
		config.setUsername(details.getUsername());
		config.setPassword(password(details.getPassword()));
		return config;
	}

	private static List<RedisNode> nodes(List<Node> nodes) {
		return nodes.stream().map((node) -> new RedisNode(node.host(), node.port())).toList();
	}

	private static RedisPassword password(@Nullable String password) {
		return (password != null) ? RedisPassword.of(password) : RedisPassword.none();
	}

}
