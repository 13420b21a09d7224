package com.tradingboost.redis.connection;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.ClusterCommandExecutor;
import org.springframework.data.redis.connection.ClusterTopologyProvider;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClusterConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionProvider;
import org.springframework.data.redis.connection.lettuce.LettucePoolingClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnection.PipeliningFlushPolicy;

/**
 * The shared {@link LettuceConnectionFactory}: on stop it lets the connections it handed out finish their work, up to
 * the shutdown timeout, before it closes the native connections, and it reports an exhausted pool as a
 * {@link RedisPoolExhaustedException} rather than as a failure to connect.
 */
public class TradingBoostLettuceConnectionFactory extends LettuceConnectionFactory {

	private static final Log logger = LogFactory.getLog(TradingBoostLettuceConnectionFactory.class);

	private final AtomicInteger connectionsInUse = new AtomicInteger();

	private final LongAdder borrowTimeouts = new LongAdder();

	private volatile @Nullable StatefulConnection<?, ?> sharedConnection;

	private RedisCommandGate gate = RedisCommandGate.NONE;

	private volatile LongConsumer borrowTimeRecorder = (nanos) -> {
	};

	private final Object drainMonitor = new Object();

	private final Duration drainTimeout;

	private PipeliningFlushPolicy pipeliningFlushPolicy = PipeliningFlushPolicy.flushEachCommand();

	/**
	 * Creates a factory for a standalone server.
	 * @param configuration the standalone configuration
	 * @param clientConfiguration the client configuration
	 * @param drainTimeout how long {@link #stop()} waits for connections in use to be closed
	 */
	public TradingBoostLettuceConnectionFactory(RedisStandaloneConfiguration configuration,
			LettuceClientConfiguration clientConfiguration, Duration drainTimeout) {
		super(configuration, clientConfiguration);
		this.drainTimeout = drainTimeout;
	}

	/**
	 * Creates a factory for a sentinel-managed server.
	 * @param configuration the sentinel configuration
	 * @param clientConfiguration the client configuration
	 * @param drainTimeout how long {@link #stop()} waits for connections in use to be closed
	 */
	public TradingBoostLettuceConnectionFactory(RedisSentinelConfiguration configuration,
			LettuceClientConfiguration clientConfiguration, Duration drainTimeout) {
		super(configuration, clientConfiguration);
		this.drainTimeout = drainTimeout;
	}

	/**
	 * Creates a factory for a cluster.
	 * @param configuration the cluster configuration
	 * @param clientConfiguration the client configuration
	 * @param drainTimeout how long {@link #stop()} waits for connections in use to be closed
	 */
	public TradingBoostLettuceConnectionFactory(RedisClusterConfiguration configuration,
			LettuceClientConfiguration clientConfiguration, Duration drainTimeout) {
		super(configuration, clientConfiguration);
		this.drainTimeout = drainTimeout;
	}

	/**
	 * Creates a factory for any other topology, such as static master/replica.
	 * @param configuration the configuration
	 * @param clientConfiguration the client configuration
	 * @param drainTimeout how long {@link #stop()} waits for connections in use to be closed
	 */
	public TradingBoostLettuceConnectionFactory(RedisConfiguration configuration,
			LettuceClientConfiguration clientConfiguration, Duration drainTimeout) {
		super(configuration, clientConfiguration);
		this.drainTimeout = drainTimeout;
	}

	/**
	 * Creates a factory through the constructor that matches the topology of the configuration.
	 * @param configuration the configuration
	 * @param clientConfiguration the client configuration
	 * @param drainTimeout how long {@link #stop()} waits for connections in use to be closed
	 * @return the factory
	 */
	public static TradingBoostLettuceConnectionFactory of(RedisConfiguration configuration,
			LettuceClientConfiguration clientConfiguration, Duration drainTimeout) {
		if (configuration instanceof RedisStandaloneConfiguration standalone) {
			return new TradingBoostLettuceConnectionFactory(standalone, clientConfiguration, drainTimeout);
		}
		if (configuration instanceof RedisSentinelConfiguration sentinel) {
			return new TradingBoostLettuceConnectionFactory(sentinel, clientConfiguration, drainTimeout);
		}
		if (configuration instanceof RedisClusterConfiguration cluster) {
			return new TradingBoostLettuceConnectionFactory(cluster, clientConfiguration, drainTimeout);
		}
		return new TradingBoostLettuceConnectionFactory(configuration, clientConfiguration, drainTimeout);
	}

	/**
	 * Returns how many connections handed out by this factory have not been closed yet.
	 * @return the number of connections in use
	 */
	public int getConnectionsInUse() {
		return this.connectionsInUse.get();
	}

	/**
	 * Puts a gate in front of every command issued through this factory's connections.
	 * @param gate the gate
	 */
	public void setCommandGate(RedisCommandGate gate) {
		this.gate = gate;
	}

	/**
	 * Receives the time each borrow of a pooled (dedicated) connection took, in nanoseconds, failed borrows included.
	 * @param recorder the recorder
	 */
	public void setPoolBorrowTimeRecorder(LongConsumer recorder) {
		this.borrowTimeRecorder = recorder;
	}

	@Override
	public RedisConnection getConnection() {
		if (isClusterAware()) {
			return getClusterConnection();
		}
		if (this.gate == RedisCommandGate.NONE) {
			return super.getConnection();
		}
		// Before super.getConnection(): it may wait on the factory-wide lock behind a connect attempt.
		this.gate.beforeConnection();
		try {
			return GatedConnection.wrap(super.getConnection(), this.gate);
		}
		catch (RuntimeException ex) {
			this.gate.connectionFailed(ex);
			throw ex;
		}
	}

	@Override
	public RedisClusterConnection getClusterConnection() {
		if (this.gate == RedisCommandGate.NONE) {
			return super.getClusterConnection();
		}
		this.gate.beforeConnection();
		try {
			return (RedisClusterConnection) GatedConnection.wrap(super.getClusterConnection(), this.gate);
		}
		catch (RuntimeException ex) {
			this.gate.connectionFailed(ex);
			throw ex;
		}
	}

	/**
	 * Runs work on a pooled connection of its own, for batches that flush commands by hand; the work passes the command
	 * gate once, as a batch, and the connection goes back to the pool afterwards.
	 * @param <T> the result type
	 * @param work the work, given the native connection
	 * @return the work's result
	 */
	public <T> T withDedicatedConnection(Function<StatefulRedisConnection<byte[], byte[]>, T> work) {
		if (isClusterAware()) {
			throw new UnsupportedOperationException("Batches on a dedicated connection are not supported in cluster mode");
		}
		this.gate.beforeConnection();
		RedisCommandGate.Batch batch = this.gate.openBatch("batch");
		try (RedisConnection connection = super.getConnection()) {
			@SuppressWarnings("unchecked")
			StatefulRedisConnection<byte[], byte[]> dedicated = ((io.lettuce.core.api.async.RedisAsyncCommands<byte[], byte[]>) ((TrackedConnection) connection)
				.dedicatedAsync()).getStatefulConnection();
			T result = work.apply(dedicated);
			batch.succeeded();
			return result;
		}
		catch (RuntimeException ex) {
			batch.failed(ex);
			throw ex;
		}
	}

	/**
	 * Returns a connection that bypasses the command gate, for health checks that must reach Redis while a circuit
	 * breaker is open.
	 * @return an ungated connection
	 */
	public RedisConnection getUngatedConnection() {
		return isClusterAware() ? super.getClusterConnection() : super.getConnection();
	}

	/**
	 * Returns the counters of the pools Spring Data Redis uses, read without Redis I/O; empty before the first
	 * connection or if they cannot be read.
	 * @return one entry per pool
	 */
	public List<PoolStats> getPoolStats() {
		return SpringDataRedisPools.read(this);
	}

	/**
	 * Returns how many times a caller gave up waiting for a pooled connection.
	 * @return the number of pool borrow timeouts
	 */
	public long getPoolBorrowTimeouts() {
		return this.borrowTimeouts.sum();
	}

	/**
	 * Tells whether the shared native connection exists and is connected right now.
	 * @return {@code true} when ordinary commands have a live shared connection
	 */
	public boolean isSharedConnectionConnected() {
		StatefulConnection<?, ?> shared = this.sharedConnection;
		return shared != null && shared.isOpen();
	}

	@Override
	protected @Nullable StatefulRedisConnection<byte[], byte[]> getSharedConnection() {
		StatefulRedisConnection<byte[], byte[]> shared = super.getSharedConnection();
		this.sharedConnection = shared;
		return shared;
	}

	@Override
	protected @Nullable StatefulRedisClusterConnection<byte[], byte[]> getSharedClusterConnection() {
		StatefulRedisClusterConnection<byte[], byte[]> shared = super.getSharedClusterConnection();
		this.sharedConnection = shared;
		return shared;
	}

	@Override
	public void setPipeliningFlushPolicy(PipeliningFlushPolicy pipeliningFlushPolicy) {
		super.setPipeliningFlushPolicy(pipeliningFlushPolicy);
		this.pipeliningFlushPolicy = pipeliningFlushPolicy;
	}

	@Override
	protected LettuceConnection doCreateLettuceConnection(
			@Nullable StatefulRedisConnection<byte[], byte[]> sharedConnection,
			LettuceConnectionProvider connectionProvider, long timeout, int database) {
		LettuceConnection connection = new TrackedConnection(sharedConnection, connectionProvider, timeout, database,
				newHooks());
		connection.setPipeliningFlushPolicy(this.pipeliningFlushPolicy);
		this.connectionsInUse.incrementAndGet();
		return connection;
	}

	@Override
	protected LettuceClusterConnection doCreateLettuceClusterConnection(
			@Nullable StatefulRedisClusterConnection<byte[], byte[]> sharedConnection,
			LettuceConnectionProvider connectionProvider, ClusterTopologyProvider topologyProvider,
			ClusterCommandExecutor clusterCommandExecutor, Duration commandTimeout) {
		LettuceClusterConnection connection = new TrackedClusterConnection(sharedConnection, connectionProvider,
				topologyProvider, clusterCommandExecutor, commandTimeout, newHooks());
		connection.setPipeliningFlushPolicy(this.pipeliningFlushPolicy);
		this.connectionsInUse.incrementAndGet();
		return connection;
	}

	private ConnectionHooks newHooks() {
		return new ConnectionHooks(this::released, this::translatePoolExhaustion, this.borrowTimeRecorder);
	}

	private RuntimeException translatePoolExhaustion(RuntimeException ex) {
		if (getClientConfiguration() instanceof LettucePoolingClientConfiguration pooling
				&& RedisPoolExhaustedException.isPoolExhaustion(ex)) {
			this.borrowTimeouts.increment();
			return new RedisPoolExhaustedException(pooling.getPoolConfig().getMaxTotal(),
					pooling.getPoolConfig().getMaxWaitDuration(), ex);
		}
		return ex;
	}

	private void released() {
		if (this.connectionsInUse.decrementAndGet() <= 0) {
			synchronized (this.drainMonitor) {
				this.drainMonitor.notifyAll();
			}
		}
	}

	@Override
	public void stop() {
		if (isRunning()) {
			awaitConnectionsReleased();
		}
		super.stop();
	}

	private void awaitConnectionsReleased() {
		long deadline = System.nanoTime() + this.drainTimeout.toNanos();
		synchronized (this.drainMonitor) {
			while (this.connectionsInUse.get() > 0) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					logger.warn("Closing Redis connections while " + this.connectionsInUse.get()
							+ " are still in use after the shutdown timeout of " + this.drainTimeout);
					return;
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(this.drainMonitor, remaining);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	private static final class TrackedConnection extends LettuceConnection {

		private final ConnectionHooks hooks;

		TrackedConnection(@Nullable StatefulRedisConnection<byte[], byte[]> sharedConnection,
				LettuceConnectionProvider connectionProvider, long timeout, int database, ConnectionHooks hooks) {
			super(sharedConnection, connectionProvider, timeout, database);
			this.hooks = hooks;
		}

		@Override
		protected StatefulConnection<byte[], byte[]> doGetAsyncDedicatedConnection() {
			return this.hooks.dedicated(super::doGetAsyncDedicatedConnection);
		}

		Object dedicatedAsync() {
			return getAsyncDedicatedConnection();
		}

		@Override
		public void close() {
			this.hooks.close(super::close);
		}

	}

	private static final class TrackedClusterConnection extends LettuceClusterConnection {

		private final ConnectionHooks hooks;

		TrackedClusterConnection(@Nullable StatefulRedisClusterConnection<byte[], byte[]> sharedConnection,
				LettuceConnectionProvider connectionProvider, ClusterTopologyProvider topologyProvider,
				ClusterCommandExecutor executor, Duration timeout, ConnectionHooks hooks) {
			super(sharedConnection, connectionProvider, topologyProvider, executor, timeout);
			this.hooks = hooks;
		}

		@Override
		protected StatefulConnection<byte[], byte[]> doGetAsyncDedicatedConnection() {
			return this.hooks.dedicated(super::doGetAsyncDedicatedConnection);
		}

		@Override
		public void close() {
			this.hooks.close(super::close);
		}

	}

	/** What a tracked connection does on close and when it borrows a dedicated connection. */
	private static final class ConnectionHooks {

		private final ReleaseOnce release;

		private final UnaryOperator<RuntimeException> translator;

		private final LongConsumer borrowTime;

		ConnectionHooks(Runnable onRelease, UnaryOperator<RuntimeException> translator, LongConsumer borrowTime) {
			this.release = new ReleaseOnce(onRelease);
			this.translator = translator;
			this.borrowTime = borrowTime;
		}

		<T> T dedicated(Supplier<T> borrow) {
			long start = System.nanoTime();
			try {
				return borrow.get();
			}
			catch (RuntimeException ex) {
				throw this.translator.apply(ex);
			}
			finally {
				this.borrowTime.accept(System.nanoTime() - start);
			}
		}

		void close(Runnable close) {
			try {
				close.run();
			}
			finally {
				this.release.run();
			}
		}

	}

	private static final class ReleaseOnce implements Runnable {

		private final Runnable action;

		private final AtomicInteger runs = new AtomicInteger();

		ReleaseOnce(Runnable action) {
			this.action = action;
		}

		@Override
		public void run() {
			if (this.runs.getAndIncrement() == 0) {
				this.action.run();
			}
		}

	}

}
