package com.tradingboost.redis.autoconfigure;

import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * Puts Netty's {@link FlushConsolidationHandler} first in every Lettuce channel: the flushes of commands that many
 * threads write to the shared connection at once leave as one socket write, while a lone command is flushed as soon
 * as the event loop is free.
 */
final class FlushConsolidation implements NettyCustomizer {

	/** Flushes that may be held back before one is let through, Netty's own default. */
	private static final int EXPLICIT_FLUSHES = FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES;

	@Override
	public void afterChannelInitialized(Channel channel) {
		channel.pipeline().addFirst(new FlushConsolidationHandler(EXPLICIT_FLUSHES, true));
	}

}
