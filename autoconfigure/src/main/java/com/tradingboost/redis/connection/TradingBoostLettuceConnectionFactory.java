package com.tradingboost.redis.connection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.resource.ClientResources;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.RedisConnectionFailureException;
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

	private RedisCommandRecorder recorder = RedisCommandRecorder.NONE;

	private String commandTimeoutProperty = "tradingboost.redis.command-timeout";

	private Duration reconnectGrace = Duration.ofSeconds(2);

	private String credentialsProperties = "tradingboost.redis.username and tradingboost.redis.password";

	private final RedisConfiguration configuration;

	private volatile LongConsumer borrowTimeRecorder = (nanos) -> {
	};

	private final Object drainMonitor = new Object();

	private final Duration drainTimeout;

	private static final AtomicInteger factories = new AtomicInteger();

	/** What the meters call a refusal or failure that came before any command: getting a connection. */
	private static final ProtocolKeyword CONNECTION = new ProtocolKeyword() {

		private final byte[] bytes = "CONNECTION".getBytes(StandardCharsets.US_ASCII);

		@Override
		public byte[] getBytes() {
			return this.bytes;
		}

		@Override
		public String toString() {
			return "connection";
		}

	};

	private final String poolNamePrefix = "tradingboost-redis-" + factories.incrementAndGet() + "-pool";

	private final PoolMBeans poolMBeans = new PoolMBeans(this.poolNamePrefix);

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
		this.configuration = configuration;
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
		this.configuration = configuration;
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
		this.configuration = configuration;
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
		this.configuration = configuration;
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
	 * Puts a gate in front of every command of this factory's connections, at the Lettuce layer; takes effect when the
	 * factory starts.
	 * @param gate the gate
	 */
	public void setCommandGate(RedisCommandGate gate) {
		this.gate = gate;
	}

	/**
	 * Reports how every command of this factory's connections ended; takes effect when the factory starts.
	 * @param recorder the recorder
	 */
	public void setCommandRecorder(RedisCommandRecorder recorder) {
		this.recorder = recorder;
	}

	/**
	 * Names the property that set the command timeout, for the message that refuses a blocking command whose own
	 * timeout is not below it.
	 * @param property the property name
	 */
	public void setCommandTimeoutProperty(String property) {
		this.commandTimeoutProperty = property;
	}

	/**
	 * Names the properties that set the credentials, for the exception that reports credentials Redis refused.
	 * @param properties the property names, in words
	 */
	public void setCredentialsProperties(String properties) {
		this.credentialsProperties = properties;
	}

	/**
	 * Sets how long a lost connection may take to come back before the commands it fails count as an outage.
	 * @param reconnectGrace the grace, 2 s by default
	 */
	public void setReconnectGrace(Duration reconnectGrace) {
		this.reconnectGrace = reconnectGrace;
	}

	/**
	 * Receives the time each borrow of a pooled (dedicated) connection took, in nanoseconds, failed borrows included.
	 * @param recorder the recorder
	 */
	public void setPoolBorrowTimeRecorder(LongConsumer recorder) {
		this.borrowTimeRecorder = recorder;
	}

	@Override
	protected AbstractRedisClient createClient() {
		LettuceClientConfiguration client = getClientConfiguration();
		ClientResources resources = client.getClientResources().orElse(null);
		CommandGating gating = new CommandGating(this.gate, this.recorder,
				new CommandPolicy(client.getCommandTimeout(), this.commandTimeoutProperty, this.reconnectGrace),
				(resources != null) ? resources.eventExecutorGroup() : GlobalEventExecutor.INSTANCE);
		return GatedClients.create(this.configuration, client, gating);
	}

	@Override
	public RedisConnection getConnection() {
		if (isClusterAware()) {
			return getClusterConnection();
		}
		// Before super.getConnection(): it may wait on the factory-wide lock behind a connect attempt.
		beforeConnection();
		try {
			return super.getConnection();
		}
		catch (RuntimeException ex) {
			throw connectionFailed(ex);
		}
	}

	@Override
	public RedisClusterConnection getClusterConnection() {
		beforeConnection();
		try {
			return super.getClusterConnection();
		}
		catch (RuntimeException ex) {
			throw connectionFailed(ex);
		}
	}

	private void beforeConnection() {
		try {
			this.gate.beforeConnection();
		}
		catch (RuntimeException refusal) {
			this.recorder.record(CONNECTION, 0, RedisFailure.of(refusal));
			throw refusal;
		}
	}

	private RuntimeException connectionFailed(RuntimeException failure) {
		this.gate.connectionFailed(failure);
		this.recorder.record(CONNECTION, 0, RedisFailure.of(failure));
		if (RedisFailure.of(failure) != RedisFailure.AUTHENTICATION) {
			return failure;
		}
		String reply = null;
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof RedisCommandExecutionException refusal) {
				reply = refusal.getMessage();
			}
		}
		return new RedisConnectionFailureException("Redis refused the credentials (" + reply
				+ "): a configuration error, not an outage; check " + this.credentialsProperties, failure);
	}

	/**
	 * Runs work on a pooled connection of its own, for batches that flush commands by hand and blocking commands; every
	 * command passes the gate as usual, and the connection goes back to the pool afterwards.
	 * @param <T> the result type
	 * @param work the work, given the native connection: a {@link StatefulRedisConnection}, or a
	 * {@link StatefulRedisClusterConnection} on a cluster
	 * @return the work's result
	 */
	public <T> T withDedicatedConnection(Function<StatefulConnection<byte[], byte[]>, T> work) {
		beforeConnection();
		try (RedisConnection connection = isClusterAware() ? super.getClusterConnection() : super.getConnection()) {
			return work.apply(((DedicatedAccess) connection).dedicated());
		}
	}

	/**
	 * Returns a connection whose commands, issued from the calling thread until the connection is closed, pass even
	 * while the gate refuses others: for health checks that must reach Redis while a circuit breaker is open. Their
	 * outcomes are metered but not counted by the breaker.
	 * @return a connection to use and close on the calling thread
	 */
	public RedisConnection getUngatedConnection() {
		Runnable exit = CommandGating.enterBypass();
		try {
			RedisConnection connection = isClusterAware() ? super.getClusterConnection() : super.getConnection();
			((ClosingHook) connection).afterClose(exit);
			return connection;
		}
		catch (RuntimeException ex) {
			exit.run();
			throw ex;
		}
	}

	@Override
	public void afterPropertiesSet() {
		if (getClientConfiguration() instanceof LettucePoolingClientConfiguration pooling) {
			// commons-pool2 publishes each pool over JMX; a prefix of this factory's own finds them.
			pooling.getPoolConfig().setJmxEnabled(true);
			pooling.getPoolConfig().setJmxNamePrefix(this.poolNamePrefix);
			// A connection closed because it could not be reset is destroyed instead of being pooled again.
			pooling.getPoolConfig().setTestOnReturn(true);
		}
		super.afterPropertiesSet();
	}

	/**
	 * Returns the counters of the pools Spring Data Redis uses, read without Redis I/O; empty before the first pooled
	 * connection or if they cannot be read.
	 * @return one entry per pool
	 */
	public List<PoolStats> getPoolStats() {
		return this.poolMBeans.read();
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
		return new ConnectionHooks(this::released, this::translatePoolExhaustion, this.borrowTimeRecorder, getDatabase(),
				getClientConfiguration().getCommandTimeout());
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

	/** A connection that runs an action once it is closed. */
	private interface ClosingHook {

		void afterClose(Runnable action);

	}

	/** A connection that hands out its dedicated native connection, borrowing it from the pool on first use. */
	private interface DedicatedAccess {

		StatefulConnection<byte[], byte[]> dedicated();

		@SuppressWarnings("unchecked")
		static StatefulConnection<byte[], byte[]> of(RedisClusterAsyncCommands<byte[], byte[]> commands) {
			if (commands instanceof RedisAdvancedClusterAsyncCommands<byte[], byte[]> cluster) {
				return cluster.getStatefulConnection();
			}
			return ((RedisAsyncCommands<byte[], byte[]>) commands).getStatefulConnection();
		}

	}

	private static final class TrackedConnection extends LettuceConnection implements ClosingHook, DedicatedAccess {

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

		@Override
		public StatefulConnection<byte[], byte[]> dedicated() {
			return DedicatedAccess.of(getAsyncDedicatedConnection());
		}

		@Override
		public void close() {
			this.hooks.close(super::close);
		}

		@Override
		public void afterClose(Runnable action) {
			this.hooks.afterClose(action);
		}

	}

	private static final class TrackedClusterConnection extends LettuceClusterConnection
			implements ClosingHook, DedicatedAccess {

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
		public StatefulConnection<byte[], byte[]> dedicated() {
			return DedicatedAccess.of(getAsyncDedicatedConnection());
		}

		@Override
		public void close() {
			this.hooks.close(super::close);
		}

		@Override
		public void afterClose(Runnable action) {
			this.hooks.afterClose(action);
		}

	}

	/** What a tracked connection does on close and when it borrows a dedicated connection. */
	private static final class ConnectionHooks {

		private final ReleaseOnce release;

		private final UnaryOperator<RuntimeException> translator;

		private final LongConsumer borrowTime;

		private final int database;

		private final Duration timeout;

		private volatile @Nullable Runnable afterClose;

		private volatile @Nullable StatefulConnection<?, ?> dedicated;

		ConnectionHooks(Runnable onRelease, UnaryOperator<RuntimeException> translator, LongConsumer borrowTime,
				int database, Duration timeout) {
			this.release = new ReleaseOnce(onRelease);
			this.translator = translator;
			this.borrowTime = borrowTime;
			this.database = database;
			this.timeout = timeout;
		}

		<T> T dedicated(Supplier<T> borrow) {
			long start = System.nanoTime();
			try {
				T connection = borrow.get();
				if (connection instanceof StatefulConnection<?, ?> stateful) {
					this.dedicated = stateful;
				}
				return connection;
			}
			catch (RuntimeException ex) {
				throw this.translator.apply(ex);
			}
			finally {
				this.borrowTime.accept(System.nanoTime() - start);
			}
		}

		void close(Runnable close) {
			StatefulConnection<?, ?> borrowed = this.dedicated;
			this.dedicated = null;
			if (borrowed != null) {
				SessionReset.beforeRelease(borrowed, this.database, this.timeout);
			}
			try {
				close.run();
			}
			finally {
				this.release.run();
				Runnable action = this.afterClose;
				this.afterClose = null;
				if (action != null) {
					action.run();
				}
			}
		}

		void afterClose(Runnable action) {
			this.afterClose = action;
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
