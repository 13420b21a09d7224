package com.tradingboost.redis.ops;

import org.springframework.dao.ConcurrencyFailureException;

/**
 * Thrown when an optimistic update kept losing to concurrent writers until its attempts ran out.
 */
public class OptimisticUpdateConflictException extends ConcurrencyFailureException {

	public OptimisticUpdateConflictException(String key, int attempts) {
		super("Optimistic update of '" + key + "' conflicted with concurrent writes " + attempts
				+ " times in a row; giving up");
	}

}
