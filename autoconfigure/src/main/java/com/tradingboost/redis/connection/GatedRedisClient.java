package com.tradingboost.redis.connection;

import java.time.Duration;

import io.lettuce.core.RedisChannelWriter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.protocol.PushHandler;
import io.lettuce.core.pubsub.PubSubEndpoint;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnectionImpl;
import io.lettuce.core.resource.ClientResources;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RedisClient} whose data and pub/sub connections (to a server, a Sentinel-managed master, or each node of a
 * master/replica set) write through a {@link GatedChannelWriter}. Connections to the sentinels themselves are not
 * gated: they carry no data commands.
 */
final class GatedRedisClient extends RedisClient {

	private final CommandGating gating;

	GatedRedisClient(@Nullable ClientResources resources, RedisURI uri, CommandGating gating) {
		super(resources, uri);
		this.gating = gating;
	}

	@Override
	protected <K, V> StatefulRedisConnectionImpl<K, V> newStatefulRedisConnection(RedisChannelWriter channelWriter,
			PushHandler pushHandler, RedisCodec<K, V> codec, Duration timeout) {
		return super.newStatefulRedisConnection(this.gating.wrap(channelWriter), pushHandler, codec, timeout);
	}

	@Override
	protected <K, V> StatefulRedisPubSubConnectionImpl<K, V> newStatefulRedisPubSubConnection(
			PubSubEndpoint<K, V> endpoint, RedisChannelWriter channelWriter, RedisCodec<K, V> codec, Duration timeout) {
		return super.newStatefulRedisPubSubConnection(endpoint, this.gating.wrapPubSub(channelWriter), codec, timeout);
	}

}
