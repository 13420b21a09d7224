package com.tradingboost.redis.connection;

import java.time.Duration;
import java.util.function.Supplier;

import io.lettuce.core.RedisChannelWriter;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.json.JsonParser;
import io.lettuce.core.protocol.PushHandler;
import io.lettuce.core.resource.ClientResources;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RedisClusterClient} whose connection to each node writes through a {@link GatedChannelWriter}. Every command
 * of the cluster connection ends on a node connection, so it passes the gate once there (again after a MOVED or ASK
 * redirect, which is another round trip). Cluster pub/sub connections are not gated.
 */
final class GatedRedisClusterClient extends RedisClusterClient {

	private final CommandGating gating;

	GatedRedisClusterClient(@Nullable ClientResources resources, Iterable<RedisURI> uris, CommandGating gating) {
		super(resources, uris);
		this.gating = gating;
	}

	@Override
	protected <K, V> StatefulRedisConnectionImpl<K, V> newStatefulRedisConnection(RedisChannelWriter channelWriter,
			PushHandler pushHandler, RedisCodec<K, V> codec, Duration timeout, Supplier<JsonParser> parser) {
		return super.newStatefulRedisConnection(this.gating.wrapClusterNode(channelWriter), pushHandler, codec, timeout, parser);
	}

	@Override
	protected <K, V> StatefulRedisConnectionImpl<K, V> newStatefulRedisConnection(RedisChannelWriter channelWriter,
			PushHandler pushHandler, RedisCodec<K, V> codec, Duration timeout) {
		return super.newStatefulRedisConnection(this.gating.wrapClusterNode(channelWriter), pushHandler, codec, timeout);
	}

}
