package com.tradingboost.redis.testsupport;

/** Redis answered a command with an error reply; the message is the error text, e.g. {@code "ERR unknown command"}. */
public final class RedisCommandException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	RedisCommandException(String errorText) {
		super(errorText);
	}
}
