package com.tradingboost.redis.metrics;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import com.tradingboost.redis.connection.RedisFailure;

/**
 * How a Redis command ended, as the {@code outcome} tag of {@code tradingboost.redis.command}.
 */
enum CommandOutcome {

	SUCCESS, FAILURE, REJECTED, TIMEOUT;

	private final String tag = name().toLowerCase(Locale.ROOT);

	String tag() {
		return this.tag;
	}

	static CommandOutcome of(@Nullable RedisFailure failure) {
		if (failure == null) {
			return SUCCESS;
		}
		return switch (failure) {
			case REFUSED -> REJECTED;
			case TIMEOUT -> TIMEOUT;
			default -> FAILURE;
		};
	}

}
