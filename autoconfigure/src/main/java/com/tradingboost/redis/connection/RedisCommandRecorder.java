package com.tradingboost.redis.connection;

import io.lettuce.core.protocol.ProtocolKeyword;
import org.jspecify.annotations.Nullable;

/**
 * Learns how every command of the shared factory ended, at the Lettuce layer; the metrics auto-configuration supplies
 * one that feeds a timer.
 */
@FunctionalInterface
public interface RedisCommandRecorder {

	/** A recorder that records nothing. */
	RedisCommandRecorder NONE = (command, nanos, failure) -> {
	};

	/**
	 * Records one command, refusals included.
	 * @param command the Redis command
	 * @param nanos how long it took, from being written to its end
	 * @param failure why it failed, {@code null} when it succeeded
	 */
	void record(ProtocolKeyword command, long nanos, @Nullable RedisFailure failure);

}
