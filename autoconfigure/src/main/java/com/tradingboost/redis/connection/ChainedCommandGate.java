package com.tradingboost.redis.connection;

/**
 * Two gates, one inside the other.
 */
final class ChainedCommandGate implements RedisCommandGate {

	private final RedisCommandGate outer;

	private final RedisCommandGate inner;

	ChainedCommandGate(RedisCommandGate outer, RedisCommandGate inner) {
		this.outer = outer;
		this.inner = inner;
	}

	@Override
	public void beforeConnection() {
		this.outer.beforeConnection();
		try {
			this.inner.beforeConnection();
		}
		catch (RuntimeException refusal) {
			this.outer.connectionRefused(refusal);
			throw refusal;
		}
	}

	@Override
	public void connectionFailed(RuntimeException failure) {
		this.outer.connectionFailed(failure);
		this.inner.connectionFailed(failure);
	}

	@Override
	public void connectionRefused(RuntimeException refusal) {
		this.outer.connectionRefused(refusal);
		this.inner.connectionRefused(refusal);
	}

	@Override
	public <T> T call(String command, RedisCall<T> call) throws Throwable {
		return this.outer.call(command, () -> this.inner.call(command, call));
	}

	@Override
	public Batch openBatch(String kind) {
		Batch outerBatch = this.outer.openBatch(kind);
		Batch innerBatch;
		try {
			innerBatch = this.inner.openBatch(kind);
		}
		catch (RuntimeException refusal) {
			outerBatch.failed(refusal);
			throw refusal;
		}
		return new Batch() {

			@Override
			public void succeeded() {
				innerBatch.succeeded();
				outerBatch.succeeded();
			}

			@Override
			public void failed(Throwable failure) {
				innerBatch.failed(failure);
				outerBatch.failed(failure);
			}

			@Override
			public void abandoned() {
				innerBatch.abandoned();
				outerBatch.abandoned();
			}

		};
	}

}
