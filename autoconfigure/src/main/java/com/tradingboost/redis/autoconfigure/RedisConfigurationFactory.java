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
 * Chooses the Spring Data Redis {@link RedisConfiguration} of the primary factory as Spring Boot does: a
 * configuration bean of the application first, else the connection details; Sentinel before Cluster before
 * master/replica before standalone.
 */
final class RedisConfigurationFactory {

	private RedisConfigurationFactory() {
	}

	static RedisConfiguration create(DataRedisConnectionDetails details, ConfigurationBeans beans,
			@Nullable Integer maxRedirects) {
		if (beans.sentinel() != null) {
			return beans.sentinel();
		}
		if (details.getSentinel() != null) {
			return sentinel(details, details.getSentinel());
		}
		if (beans.cluster() != null) {
			return beans.cluster();
		}
		if (details.getCluster() != null) {
			RedisClusterConfiguration cluster = cluster(details, details.getCluster());
			if (maxRedirects != null) {
				cluster.setMaxRedirects(maxRedirects);
			}
			return cluster;
		}
		if (beans.masterReplica() != null) {
			return beans.masterReplica();
		}
		if (details.getMasterReplica() != null) {
			return masterReplica(details, details.getMasterReplica());
		}
		if (beans.standalone() != null) {
			return beans.standalone();
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

	private static RedisClusterConfiguration cluster(DataRedisConnectionDetails details,
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

	/**
	 * The application's own configuration beans, which win over connection details as in Spring Boot.
	 */
	record ConfigurationBeans(@Nullable RedisStandaloneConfiguration standalone,
			@Nullable RedisSentinelConfiguration sentinel, @Nullable RedisClusterConfiguration cluster,
			@Nullable RedisStaticMasterReplicaConfiguration masterReplica) {

		static final ConfigurationBeans NONE = new ConfigurationBeans(null, null, null, null);

	}

}
