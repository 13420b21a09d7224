package com.tradingboost.redis.connection;

import io.lettuce.core.RedisConnectionException;

/**
 * A command failed because its connection was not there: lost while the command was in flight, or not yet back when
 * the command was issued. It says whether the command may have run.
 */
public class RedisConnectionLostException extends RedisConnectionException {

	private final boolean mayHaveRun;

	/**
	 * Creates an exception.
	 * @param command the command's name
	 * @param mayHaveRun whether the command had been sent, so it may or may not have run
	 * @param cause what Lettuce reported
	 */
	public RedisConnectionLostException(String command, boolean mayHaveRun, Throwable cause) {
		super(message(command, mayHaveRun), cause);
		this.mayHaveRun = mayHaveRun;
	}

	private static String message(String command, boolean mayHaveRun) {
		return mayHaveRun
				? "Connection to Redis lost while " + command + " was in flight: it may or may not have been applied"
				: "Not connected to Redis: " + command + " was not sent and did not run";
	}

	/**
	 * Tells whether the command had been sent before the connection was lost.
	 * @return {@code true} if it may or may not have run; {@code false} if it certainly did not
	 */
	public boolean mayHaveRun() {
		return this.mayHaveRun;
	}

}
