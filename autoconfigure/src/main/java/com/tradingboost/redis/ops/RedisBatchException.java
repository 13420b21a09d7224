package com.tradingboost.redis.ops;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.RedisSystemException;

/**
 * A batch that failed part-way: which of its keys were applied, which certainly were not, and which may or may not
 * have been (sent, but the reply never came). The cause is the first failure, as Spring Data Redis would report it.
 */
public class RedisBatchException extends RedisSystemException {

	private final List<?> applied;

	private final List<?> notApplied;

	private final List<?> unknown;

	RedisBatchException(String operation, List<?> applied, List<?> notApplied, List<?> unknown,
			@Nullable String firstFailure, Throwable cause) {
		super(operation + " failed part-way: " + applied.size() + " key(s) applied, " + notApplied.size()
				+ " not applied, " + unknown.size() + " unknown (sent, no reply); first failure: " + firstFailure, cause);
		this.applied = List.copyOf(applied);
		this.notApplied = List.copyOf(notApplied);
		this.unknown = List.copyOf(unknown);
	}

	/**
	 * Returns the keys whose command succeeded.
	 * @return the keys, in input order
	 */
	public List<?> getApplied() {
		return this.applied;
	}

	/**
	 * Returns the keys whose command certainly did not run: refused, not sent, or answered with an error.
	 * @return the keys, in input order
	 */
	public List<?> getNotApplied() {
		return this.notApplied;
	}

	/**
	 * Returns the keys whose command was sent but got no reply: it may or may not have run.
	 * @return the keys, in input order
	 */
	public List<?> getUnknown() {
		return this.unknown;
	}

}
