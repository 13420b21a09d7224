package com.tradingboost.redis.connection;

/**
 * Thrown when a Redis URL cannot be used; the message never contains the URL's password.
 */
public class RedisUrlException extends IllegalArgumentException {

	RedisUrlException(String reason) {
		super(reason);
	}

}
