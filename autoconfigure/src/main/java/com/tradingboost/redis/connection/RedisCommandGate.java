package com.tradingboost.redis.connection;

import io.lettuce.core.protocol.ProtocolKeyword;
import org.jspecify.annotations.Nullable;

/**
 * What every command of the shared factory passes at the Lettuce layer, once, whatever API issued it: permission
 * before it is written, its outcome when it ends. The resilience auto-configuration supplies a circuit breaker.
 */
public interface RedisCommandGate {

	/** A gate that lets everything through and records nothing. */
	RedisCommandGate NONE = new RedisCommandGate() {

		@Override
		public @Nullable RuntimeException tryAcquire() {
			return null;
		}

		@Override
		public void onResult(long nanos, @Nullable RedisFailure failure, @Nullable Throwable cause) {
		}

		@Override
		public void release() {
		}

	};

	/**
	 * Fails at once, before any connect attempt, when no command would be permitted now.
	 */
	default void beforeConnection() {
	}

	/**
	 * Learns that getting a connection failed, as when the shared connection cannot be established: an outage the
	 * gate should count although no command ran.
	 * @param failure the failure
	 */
	default void connectionFailed(RuntimeException failure) {
	}

	/**
	 * Asks permission for one command.
	 * @return {@code null} when it may run, otherwise the exception that refuses it
	 */
	@Nullable RuntimeException tryAcquire();

	/**
	 * Records how a permitted command ended.
	 * @param nanos how long it took
	 * @param failure why it failed, {@code null} when it succeeded
	 * @param cause the failure's exception, {@code null} when it succeeded
	 */
	void onResult(long nanos, @Nullable RedisFailure failure, @Nullable Throwable cause);

	/**
	 * Gives back the permission of a command that ended without an outcome, as when it was cancelled.
	 */
	void release();

	/**
	 * Starts the retry of a command that failed because its connection was lost or not back yet, before any of its
	 * reply arrived.
	 * @param command the command
	 * @return its retry; {@link CommandRetry#NONE} when it is not safe to repeat or retry is off
	 */
	default CommandRetry retry(ProtocolKeyword command) {
		return CommandRetry.NONE;
	}

	/**
	 * The retry of one command.
	 */
	@FunctionalInterface
	interface CommandRetry {

		/** No retry. */
		CommandRetry NONE = (failure) -> -1;

		/**
		 * Tells how long to wait before the next attempt.
		 * @param failure the last attempt's failure
		 * @return the wait in milliseconds, or a negative number to give up
		 */
		long nextDelayMillis(Throwable failure);

		/**
		 * Learns that an attempt after a failure succeeded.
		 */
		default void succeeded() {
		}

	}

}
