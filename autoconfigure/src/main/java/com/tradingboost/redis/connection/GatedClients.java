package com.tradingboost.redis.connection;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.DriverInfo;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.resource.ClientResources;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisNode;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisSocketConfiguration;
import org.springframework.data.redis.connection.RedisStaticMasterReplicaConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConverters;
import org.springframework.data.redis.util.RedisClientLibraryInfo;
import org.springframework.util.StringUtils;

/**
 * Creates the gated Lettuce client for a configuration, with the same URIs and options Spring Data Redis would give
 * its own client: Spring Data builds its URIs in private methods, so they are built here from the same settings.
 */
final class GatedClients {

	private GatedClients() {
	}

	static AbstractRedisClient create(RedisConfiguration configuration, LettuceClientConfiguration client,
			CommandGating gating) {
		ClientResources resources = client.getClientResources().orElse(null);
		if (configuration instanceof RedisClusterConfiguration cluster) {
			List<RedisURI> uris = new ArrayList<>();
			for (RedisNode node : cluster.getClusterNodes()) {
				uris.add(uri(RedisURI.Builder.redis(node.getRequiredHost(), node.getRequiredPort()), configuration,
						client).build());
			}
			GatedRedisClusterClient clusterClient = new GatedRedisClusterClient(resources, uris, gating);
			clusterClient.setOptions(clusterOptions(client, cluster));
			return clusterClient;
		}
		RedisURI uri;
		if (configuration instanceof RedisStaticMasterReplicaConfiguration) {
			uri = new RedisURI();
		}
		else if (configuration instanceof RedisSentinelConfiguration sentinel) {
			uri = sentinelUri(sentinel, client);
		}
		else if (configuration instanceof RedisSocketConfiguration socket) {
			uri = authenticate(RedisURI.Builder.socket(socket.getSocket()), configuration, client)
				.withTimeout(client.getCommandTimeout())
				.withDatabase(socket.getDatabase())
				.build();
		}
		else {
			RedisConfiguration.WithHostAndPort server = (RedisConfiguration.WithHostAndPort) configuration;
			uri = uri(RedisURI.Builder.redis(server.getHostName(), server.getPort()), configuration, client).build();
		}
		GatedRedisClient redisClient = new GatedRedisClient(resources, uri, gating);
		client.getClientOptions().ifPresent(redisClient::setOptions);
		return redisClient;
	}

	private static RedisURI.Builder uri(RedisURI.Builder builder, RedisConfiguration configuration,
			LettuceClientConfiguration client) {
		authenticate(builder, configuration, client);
		client.getClientName().ifPresent(builder::withClientName);
		builder.withDatabase(database(configuration))
			.withSsl(client.isUseSsl())
			.withVerifyPeer(client.getVerifyMode())
			.withStartTls(client.isStartTls())
			.withTimeout(client.getCommandTimeout())
			.withDriverInfo(DriverInfo.builder()
				.addUpstreamDriver(RedisClientLibraryInfo.FRAMEWORK_NAME, RedisClientLibraryInfo.getVersion())
				.build());
		return builder;
	}

	private static RedisURI.Builder authenticate(RedisURI.Builder builder, RedisConfiguration configuration,
			LettuceClientConfiguration client) {
		if (configuration instanceof RedisConfiguration.WithAuthentication authentication) {
			String username = authentication.getUsername();
			RedisPassword password = authentication.getPassword();
			if (StringUtils.hasText(username)) {
				builder.withAuthentication(username, new String(password.toOptional().orElse(new char[0])));
			}
			else {
				password.toOptional().ifPresent(builder::withPassword);
			}
		}
		client.getRedisCredentialsProviderFactory()
			.ifPresent((factory) -> builder.withAuthentication(factory.createCredentialsProvider(configuration)));
		return builder;
	}

	private static RedisURI sentinelUri(RedisSentinelConfiguration sentinel, LettuceClientConfiguration client) {
		RedisURI uri = LettuceConverters.sentinelConfigurationToRedisURI(sentinel);
		Consumer<RedisURI> settings = (each) -> {
			client.getClientName().ifPresent(each::setClientName);
			each.setSsl(client.isUseSsl());
			each.setVerifyPeer(client.getVerifyMode());
			each.setStartTls(client.isStartTls());
			each.setTimeout(client.getCommandTimeout());
		};
		settings.accept(uri);
		uri.getSentinels().forEach(settings);
		uri.setDatabase(sentinel.getDatabase());
		client.getRedisCredentialsProviderFactory().ifPresent((factory) -> {
			uri.setCredentialsProvider(factory.createCredentialsProvider(sentinel));
			RedisCredentialsProvider sentinels = factory.createSentinelCredentialsProvider(sentinel);
			uri.getSentinels().forEach((each) -> each.setCredentialsProvider(sentinels));
		});
		return uri;
	}

	private static ClusterClientOptions clusterOptions(LettuceClientConfiguration client,
			RedisClusterConfiguration cluster) {
		ClientOptions options = client.getClientOptions().orElse(null);
		ClusterClientOptions clusterOptions = (options instanceof ClusterClientOptions given) ? given
				: (options != null) ? ClusterClientOptions.builder(options).build() : ClusterClientOptions.create();
		Integer maxRedirects = cluster.getMaxRedirects();
		return (maxRedirects != null) ? clusterOptions.mutate().maxRedirects(maxRedirects).build() : clusterOptions;
	}

	private static int database(RedisConfiguration configuration) {
		return (configuration instanceof RedisConfiguration.WithDatabaseIndex indexed) ? indexed.getDatabase() : 0;
	}


}
