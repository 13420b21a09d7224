package com.tradingboost.redis.connection;

/**
 * What every command issued through the shared factory passes: permission before it runs, its outcome after.
 * Pipelines and transactions pass once, as a batch. The resilience auto-configuration supplies a circuit breaker.
 */
public interface RedisCommandGate {

	/** A gate that lets everything through and records nothing. */
	RedisCommandGate NONE = new RedisCommandGate() {

		@Override
		public void beforeConnection() {
		}

		@Override
		public <T> T call(String command, RedisCall<T> call) throws Throwable {
			return call.invoke();
		}

		@Override
		public Batch openBatch(String kind) {
			return Batch.NONE;
		}

	};

	/**
	 * Fails at once, before any lock or connect attempt, when no call would be permitted now.
	 */
	void beforeConnection();

	/**
	 * Learns that getting a connection failed, as when the shared connection cannot be established: an outage the
	 * gate should count although no command ran.
	 * @param failure the failure
	 */
	default void connectionFailed(RuntimeException failure) {
	}

	/**
	 * Learns that a gate refused a connection in {@link #beforeConnection()}.
	 * @param refusal the refusal
	 */
	default void connectionRefused(RuntimeException refusal) {
	}

	/**
	 * Chains gates: the first is outermost, so it sees every call the others refuse.
	 * @param gates the gates, outermost first
	 * @return one gate, {@link #NONE} when there are none
	 */
	static RedisCommandGate chain(java.util.List<RedisCommandGate> gates) {
		return switch (gates.size()) {
			case 0 -> NONE;
			case 1 -> gates.get(0);
			default -> new ChainedCommandGate(gates.get(0), chain(gates.subList(1, gates.size())));
		};
	}

	/**
	 * Runs one command: asks permission, runs it (retrying it where that is safe) and records the outcome.
	 * @param <T> the result type
	 * @param command the command, named as the Spring Data Redis connection method that issues it
	 * @param call the command
	 * @return the command's result
	 * @throws Throwable what the command threw, or a refusal
	 */
	<T> T call(String command, RedisCall<T> call) throws Throwable;

	/**
	 * Asks permission for a pipeline or transaction, whose outcome is recorded once when it ends.
	 * @param kind {@code pipeline} or {@code transaction}
	 * @return the batch to complete
	 */
	Batch openBatch(String kind);

	/**
	 * A command to run.
	 *
	 * @param <T> the result type
	 */
	@FunctionalInterface
	interface RedisCall<T> {

		T invoke() throws Throwable;

	}

	/**
	 * A pipeline or transaction in progress.
	 */
	interface Batch {

		/** A batch that records nothing. */
		Batch NONE = new Batch() {

			@Override
			public void succeeded() {
			}

			@Override
			public void failed(Throwable failure) {
			}

			@Override
			public void abandoned() {
			}

		};

		void succeeded();

		void failed(Throwable failure);

		/** The batch ended without running, as after DISCARD. */
		void abandoned();

	}

}
