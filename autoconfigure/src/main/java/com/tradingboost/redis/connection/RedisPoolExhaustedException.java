package com.tradingboost.redis.connection;

import java.time.Duration;
import java.util.NoSuchElementException;

import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.PoolException;

/**
 * Thrown when no pooled (dedicated) Redis connection became free within the pool's maximum wait.
 */
public class RedisPoolExhaustedException extends RedisConnectionFailureException {

	/**
	 * Creates an exception.
	 * @param maxActive the pool's connection ceiling
	 * @param maxWait the time the caller waited
	 * @param cause the pool's own exception
	 */
	public RedisPoolExhaustedException(int maxActive, Duration maxWait, Throwable cause) {
		super("Redis connection pool exhausted: all " + maxActive + " connections (tradingboost.redis.pool.max-active)"
				+ " are in use and none was returned within " + maxWait.toMillis() + "ms (tradingboost.redis.pool.max-wait);"
				+ " pooled connections serve transactions, pipelines and blocking commands", cause);
	}

	/**
	 * Tells whether an exception was caused by a borrow from the pool that timed out.
	 * @param ex the exception
	 * @return {@code true} for a pool exhaustion
	 */
	static boolean isPoolExhaustion(Throwable ex) {
		boolean inPool = false;
		for (Throwable candidate = ex; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof PoolException) {
				inPool = true;
			}
			if (inPool && candidate instanceof NoSuchElementException) {
				return true;
			}
		}
		return false;
	}

}
