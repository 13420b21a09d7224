package com.tradingboost.redis.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.Event;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ConnectionDeactivatedEvent;
import io.lettuce.core.output.ListOfMapsOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.lettuce.core.sentinel.api.async.RedisSentinelAsyncCommands;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;
import com.tradingboost.redis.resilience.RedisRootCause;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Checks Redis in the background: a PING with its own short timeout every health-check interval, and the server
 * facts from {@code INFO} at most once per interval. The latest result is an immutable {@link RedisHealthSnapshot},
 * so readers such as health probes never wait for Redis.
 *
 * <p>In a cluster every check also reads {@code CLUSTER INFO} and {@code CLUSTER NODES} and PINGs each master that
 * serves slots, in parallel and within the same timeout ({@link RedisClusterFacts}). Under Sentinel a thread of its
 * own asks a sentinel, at most once per interval and over a connection of its own, for the current master, its
 * replicas and the other sentinels ({@link RedisSentinelFacts}); a check waits at most the timeout for that answer,
 * so unreachable sentinels never delay or fail it. A command the server refuses, such as {@code INFO} or
 * {@code CLUSTER INFO} for a user without the permission, only leaves those facts out; a command that gets no reply
 * within the timeout fails the check.
 *
 * <p>While the last check failed, checks run every {@linkplain #setFailedCheckInterval failed-check interval}
 * (a second by default) instead of every interval, and a connection of the client that goes down or comes back, or
 * a failure a caller saw while the last check succeeded ({@link #failureObserved()}), brings the next check forward,
 * so the snapshot follows Redis within about a second in both directions. Credentials that Redis refuses are named
 * in one ERROR line.
 */
public class RedisHealthMonitor implements SmartLifecycle {

	/** Starts before the web server accepts requests and stops after it, while the connection factory still runs. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Log logger = LogFactory.getLog(RedisHealthMonitor.class);

	private static final Duration DEFAULT_FAILED_CHECK_INTERVAL = Duration.ofSeconds(1);

	private final RedisConnectionFactory connectionFactory;

	private final Duration interval;

	private final Duration probeTimeout;

	private final Clock clock;

	private final List<Consumer<RedisHealthSnapshot>> listeners = new CopyOnWriteArrayList<>();

	private volatile UnaryOperator<Duration> nextDelay = UnaryOperator.identity();

	private volatile RedisHealthSnapshot snapshot = RedisHealthSnapshot.notChecked();

	private volatile ScheduledExecutorService executor;

	private volatile ScheduledFuture<?> next;

	private final Object scheduling = new Object();

	private boolean checking;

	private boolean checkRequested;

	private volatile Duration failedCheckInterval;

	private volatile long lastCheckFinished = System.nanoTime();

	private volatile String credentialsHint = "tradingboost.redis.username and tradingboost.redis.password";

	private volatile boolean credentialsErrorLogged;

	private volatile @Nullable Disposable connectionEvents;

	private volatile boolean factoryStarted;

	private @Nullable Instant factsReadAt;

	private final @Nullable String sentinelMasterName;

	private volatile @Nullable ExecutorService sentinelReader;

	private @Nullable Future<?> sentinelRead;

	private volatile @Nullable RedisSentinelFacts sentinelFacts;

	private volatile @Nullable StatefulRedisSentinelConnection<String, String> sentinelConnection;

	private final Object sentinelLock = new Object();

	/**
	 * Creates a monitor.
	 * @param connectionFactory the factory whose connections are checked
	 * @param interval time between checks
	 * @param probeTimeout the longest a PING or INFO may take
	 * @param clock the clock for check times
	 */
	public RedisHealthMonitor(RedisConnectionFactory connectionFactory, Duration interval, Duration probeTimeout,
			Clock clock) {
		this.connectionFactory = connectionFactory;
		this.interval = interval;
		this.probeTimeout = probeTimeout;
		this.clock = clock;
		this.failedCheckInterval = (interval.compareTo(DEFAULT_FAILED_CHECK_INTERVAL) < 0) ? interval
				: DEFAULT_FAILED_CHECK_INTERVAL;
		this.sentinelMasterName = (connectionFactory instanceof LettuceConnectionFactory lettuce
				&& lettuce.isRedisSentinelAware()) ? lettuce.getSentinelConfiguration().getMaster().getName() : null;
	}

	/**
	 * Returns the result of the latest check.
	 * @return the snapshot
	 */
	public RedisHealthSnapshot getSnapshot() {
		return this.snapshot;
	}

	/**
	 * Returns the interval between checks.
	 * @return the health-check interval
	 */
	public Duration getInterval() {
		return this.interval;
	}

	/**
	 * Returns the probe timeout.
	 * @return the longest a PING may take
	 */
	public Duration getProbeTimeout() {
		return this.probeTimeout;
	}

	/**
	 * Adds a listener called on the monitor thread after every check.
	 * @param listener the listener
	 */
	public void addListener(Consumer<RedisHealthSnapshot> listener) {
		this.listeners.add(listener);
	}

	/**
	 * Lets a caller shorten the delay before the next check, e.g. to probe every second while a circuit breaker is
	 * open; it receives the health-check interval and returns the delay to use.
	 * @param nextDelay the policy
	 */
	public void setNextDelay(UnaryOperator<Duration> nextDelay) {
		this.nextDelay = nextDelay;
	}

	/**
	 * Sets the time between checks while the last one failed, so that readiness follows Redis back within about that
	 * time; a second (or the interval, if shorter) by default.
	 * @param failedCheckInterval the interval while Redis is down
	 */
	public void setFailedCheckInterval(Duration failedCheckInterval) {
		this.failedCheckInterval = failedCheckInterval;
	}

	/**
	 * Returns the time between checks while the last one failed.
	 * @return the interval while Redis is down
	 */
	public Duration getFailedCheckInterval() {
		return this.failedCheckInterval;
	}

	/**
	 * Names the properties that hold the credentials, for the error logged when Redis refuses them, e.g.
	 * {@code tradingboost.redis.password (set by REDIS_PASSWORD)}; never a value.
	 * @param credentialsHint where the credentials come from
	 */
	public void setCredentialsHint(String credentialsHint) {
		this.credentialsHint = credentialsHint;
	}

	/**
	 * Tells the monitor that a caller saw Redis fail, e.g. a command that timed out: unless the last check already
	 * failed or finished within the failed-check interval, the next check runs now, so readiness follows an outage
	 * that the connection state does not show (a server that stopped answering).
	 */
	public void failureObserved() {
		if (this.snapshot.outcome() == RedisHealthSnapshot.Outcome.UP
				&& System.nanoTime() - this.lastCheckFinished >= this.failedCheckInterval.toNanos()) {
			checkSoon();
		}
	}

	/**
	 * Runs a check now on the monitor thread and waits for it.
	 * @return the new snapshot
	 */
	public RedisHealthSnapshot checkNow() {
		ScheduledExecutorService current = this.executor;
		if (current == null) {
			throw new IllegalStateException("The Redis health monitor is not running");
		}
		try {
			return current.submit(this::check).get();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Redis health check failed unexpectedly", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return this.snapshot;
		}
	}

	/**
	 * Moves the next check forward to now, e.g. when a circuit breaker has just opened and recovery should be probed
	 * at the faster pace at once.
	 */
	public void checkSoon() {
		ScheduledExecutorService current = this.executor;
		if (current == null) {
			return;
		}
		synchronized (this.scheduling) {
			if (this.checking) {
				// The running check may have started before what prompted this call: run another right after it.
				this.checkRequested = true;
				return;
			}
			ScheduledFuture<?> pending = this.next;
			if (pending != null && pending.cancel(false)) {
				schedule(current, Duration.ZERO);
			}
		}
	}

	@Override
	public void start() {
		if (this.executor != null) {
			return;
		}
		ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "redis-health-monitor");
			thread.setDaemon(true);
			return thread;
		});
		if (this.sentinelMasterName != null) {
			this.sentinelReader = Executors.newSingleThreadExecutor((runnable) -> {
				Thread thread = new Thread(runnable, "redis-health-sentinel");
				thread.setDaemon(true);
				return thread;
			});
		}
		this.executor = started;
		Future<?> first = started.submit(() -> checkAndScheduleNext(started));
		try {
			first.get(this.probeTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			logger.info("First Redis health check still running after " + this.probeTimeout.toMillis()
					+ " ms; starting without waiting for it");
		}
		catch (ExecutionException ex) {
			logger.warn("First Redis health check failed unexpectedly", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void stop() {
		ScheduledExecutorService running = this.executor;
		this.executor = null;
		Disposable events = this.connectionEvents;
		this.connectionEvents = null;
		if (events != null) {
			events.dispose();
		}
		ExecutorService reader = this.sentinelReader;
		this.sentinelReader = null;
		shutDown(running);
		shutDown(reader);
		closeSentinelConnection();
	}

	private void shutDown(@Nullable ExecutorService executor) {
		if (executor != null) {
			executor.shutdownNow();
			try {
				executor.awaitTermination(this.probeTimeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private void checkAndScheduleNext(ScheduledExecutorService owner) {
		synchronized (this.scheduling) {
			this.checking = true;
			this.checkRequested = false;
		}
		try {
			check();
		}
		finally {
			this.lastCheckFinished = System.nanoTime();
			synchronized (this.scheduling) {
				this.checking = false;
				schedule(owner, this.checkRequested ? Duration.ZERO : nextDelay());
				this.checkRequested = false;
			}
		}
	}

	/** Must hold the scheduling lock. */
	private void schedule(ScheduledExecutorService owner, Duration delay) {
		if (owner.isShutdown()) {
			return;
		}
		try {
			this.next = owner.schedule(() -> checkAndScheduleNext(owner), delay.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// Stopped meanwhile.
		}
	}

	private Duration nextDelay() {
		Duration delay = this.nextDelay.apply(this.interval);
		RedisHealthSnapshot current = this.snapshot;
		boolean healthy = current.outcome() == RedisHealthSnapshot.Outcome.UP
				&& (current.cluster() == null || current.cluster().downReason() == null);
		return (!healthy && this.failedCheckInterval.compareTo(delay) < 0) ? this.failedCheckInterval : delay;
	}

	/** Once the client exists (it may be created by the first connection), follows its connection events. */
	private void followConnectionEvents() {
		if (this.connectionEvents != null || this.executor == null
				|| !(this.connectionFactory instanceof LettuceConnectionFactory lettuce)) {
			return;
		}
		try {
			AbstractRedisClient client = lettuce.getNativeClient();
			ClientResources resources = (client != null) ? client.getResources() : null;
			if (resources != null) {
				this.connectionEvents = resources.eventBus().get().subscribe(this::onConnectionEvent, (error) -> {
				});
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Cannot follow the Redis connection events; the health monitor checks on its interval", ex);
		}
	}

	private boolean factoryStopped() {
		if (!(this.connectionFactory instanceof LettuceConnectionFactory lettuce)) {
			return false;
		}
		if (lettuce.isRunning()) {
			this.factoryStarted = true;
			return false;
		}
		return this.factoryStarted;
	}

	private void onConnectionEvent(Event event) {
		if (factoryStopped()) {
			return;
		}
		RedisHealthSnapshot.Outcome outcome = this.snapshot.outcome();
		if ((event instanceof ConnectionDeactivatedEvent && outcome == RedisHealthSnapshot.Outcome.UP)
				|| (event instanceof ConnectionActivatedEvent && outcome != RedisHealthSnapshot.Outcome.UP)) {
			checkSoon();
		}
	}

	private RedisHealthSnapshot check() {
		RedisHealthSnapshot previous = this.snapshot;
		if (factoryStopped()) {
			// The application is shutting down: a failure now says nothing about Redis.
			return previous;
		}
		RedisHealthSnapshot next = probe(previous);
		if (factoryStopped()) {
			return previous;
		}
		followConnectionEvents();
		if (Thread.currentThread().isInterrupted()) {
			// Stopped while checking: what failed is the check, not Redis.
			return previous;
		}
		this.snapshot = next;
		logTransition(previous, next);
		for (Consumer<RedisHealthSnapshot> listener : this.listeners) {
			try {
				listener.accept(next);
			}
			catch (RuntimeException ex) {
				logger.warn("Redis health listener failed", ex);
			}
		}
		return next;
	}

	@SuppressWarnings("unchecked")
	private RedisHealthSnapshot probe(RedisHealthSnapshot previous) {
		try (RedisConnection connection = ungatedConnection()) {
			RedisClusterAsyncCommands<byte[], byte[]> commands = (RedisClusterAsyncCommands<byte[], byte[]>) connection
				.getNativeConnection();
			long start = System.nanoTime();
			await(commands.ping(), "PING");
			Duration latency = Duration.ofNanos(System.nanoTime() - start);
			Instant now = this.clock.instant();
			boolean factsDue = factsDue(now);
			RedisServerFacts facts = null;
			String factsUnavailable = previous.serverFactsUnavailable();
			if (factsDue) {
				try {
					facts = RedisServerFacts.parse(await(commands.info(), "INFO"));
					factsUnavailable = null;
				}
				catch (RedisCommandExecutionException ex) {
					factsUnavailable = describe(ex);
				}
				this.factsReadAt = now;
			}
			RedisClusterFacts cluster = (commands instanceof RedisAdvancedClusterAsyncCommands<byte[], byte[]> advanced)
					? clusterFacts(advanced) : null;
			RedisSentinelFacts sentinel = (this.sentinelMasterName != null)
					? sentinelFacts(this.sentinelMasterName, factsDue) : null;
			return previous.succeeded(now, latency, facts, factsUnavailable, cluster, sentinel);
		}
		catch (Exception ex) {
			return failed(previous, ex);
		}
	}

	private RedisHealthSnapshot failed(RedisHealthSnapshot previous, Exception ex) {
		if (ex instanceof InterruptedException) {
			Thread.currentThread().interrupt();
		}
		RedisHealthSnapshot failed = previous.failed(this.clock.instant(), describe(ex),
				RedisRootCause.isAuthenticationFailure(ex));
		if (this.sentinelMasterName == null || Thread.currentThread().isInterrupted()) {
			return failed;
		}
		try {
			// What the sentinels say while the master does not answer tells whether a failover is under way.
			return failed.withSentinel(sentinelFacts(this.sentinelMasterName, true));
		}
		catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
			return failed;
		}
	}

	private RedisConnection ungatedConnection() {
		return (this.connectionFactory instanceof TradingBoostLettuceConnectionFactory tradingBoost)
				? tradingBoost.getUngatedConnection() : this.connectionFactory.getConnection();
	}

	private boolean factsDue(Instant now) {
		Instant last = this.factsReadAt;
		return last == null || !last.plus(this.interval.minus(this.interval.dividedBy(10))).isAfter(now);
	}

	private RedisClusterFacts clusterFacts(RedisAdvancedClusterAsyncCommands<byte[], byte[]> cluster) throws Exception {
		String info;
		String nodes;
		try {
			info = await(cluster.clusterInfo(), "CLUSTER INFO");
			nodes = await(cluster.clusterNodes(), "CLUSTER NODES");
		}
		catch (RedisCommandExecutionException ex) {
			return RedisClusterFacts.unavailable(describe(ex));
		}
		RedisClusterFacts facts;
		try {
			facts = RedisClusterFacts.parse(info, nodes);
		}
		catch (RuntimeException ex) {
			return RedisClusterFacts.unavailable("Cannot read the CLUSTER NODES reply: " + describe(ex));
		}
		return facts.withMasters(pingMasters(cluster.getStatefulConnection(), facts.masters()));
	}

	private List<RedisClusterFacts.Master> pingMasters(StatefulRedisClusterConnection<byte[], byte[]> connection,
			List<RedisClusterFacts.Master> masters) throws InterruptedException {
		long deadline = System.nanoTime() + this.probeTimeout.toNanos();
		List<@Nullable CompletableFuture<Duration>> pings = new ArrayList<>();
		for (RedisClusterFacts.Master master : masters) {
			boolean known = connection.getPartitions().getPartition(master.host(), master.port()) != null;
			pings.add(known ? ping(connection, master) : null);
		}
		List<RedisClusterFacts.Master> checked = new ArrayList<>();
		for (int i = 0; i < masters.size(); i++) {
			RedisClusterFacts.Master master = masters.get(i);
			CompletableFuture<Duration> ping = pings.get(i);
			checked.add((ping != null) ? pingResult(master, ping, deadline)
					: master.notChecked("not in the client's view of the cluster yet"));
		}
		return checked;
	}

	private static CompletableFuture<Duration> ping(StatefulRedisClusterConnection<byte[], byte[]> connection,
			RedisClusterFacts.Master master) {
		try {
			return connection.getConnectionAsync(master.host(), master.port()).thenCompose((node) -> {
				long start = System.nanoTime();
				return node.async()
					.ping()
					.toCompletableFuture()
					.thenApply((pong) -> Duration.ofNanos(System.nanoTime() - start));
			});
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private RedisClusterFacts.Master pingResult(RedisClusterFacts.Master master, CompletableFuture<Duration> ping,
			long deadline) throws InterruptedException {
		try {
			return master.answered(ping.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
		}
		catch (TimeoutException ex) {
			ping.cancel(true);
			return master.failed("PING got no reply within " + this.probeTimeout.toMillis() + " ms");
		}
		catch (ExecutionException ex) {
			return master.failed(describe((ex.getCause() instanceof Exception cause) ? cause : ex));
		}
	}

	private @Nullable RedisSentinelFacts sentinelFacts(String masterName, boolean due) throws InterruptedException {
		ExecutorService reader = this.sentinelReader;
		Future<?> read = this.sentinelRead;
		if (due && reader != null && (read == null || read.isDone())) {
			try {
				read = reader.submit(() -> {
					this.sentinelFacts = askSentinel(masterName);
				});
				this.sentinelRead = read;
				read.get(this.probeTimeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException | ExecutionException | RejectedExecutionException ex) {
				// Not answered yet, or stopping: a later check takes what the reader found.
			}
		}
		return this.sentinelFacts;
	}

	private RedisSentinelFacts askSentinel(String masterName) {
		boolean retry = this.sentinelConnection != null;
		while (true) {
			try {
				return readSentinelFacts(masterName);
			}
			catch (Exception ex) {
				closeSentinelConnection();
				if (ex instanceof InterruptedException) {
					Thread.currentThread().interrupt();
				}
				else if (retry && !Thread.currentThread().isInterrupted()) {
					// The sentinel this connection reached may be gone; a new connection tries them all again.
					retry = false;
					continue;
				}
				return RedisSentinelFacts.unavailable(masterName, describe(ex));
			}
		}
	}

	private RedisSentinelFacts readSentinelFacts(String masterName) throws Exception {
		StatefulRedisSentinelConnection<String, String> connection = this.sentinelConnection;
		if (connection == null) {
			RedisClient client = (RedisClient) ((LettuceConnectionFactory) this.connectionFactory).getNativeClient();
			connection = client.connectSentinel(StringCodec.UTF8);
			synchronized (this.sentinelLock) {
				if (this.sentinelReader == null) {
					// Stopped while connecting: nobody else would close this connection.
					connection.closeAsync();
					throw new IllegalStateException("The Redis health monitor stopped");
				}
				this.sentinelConnection = connection;
			}
		}
		RedisSentinelAsyncCommands<String, String> sentinel = connection.async();
		return RedisSentinelFacts.of(masterName, await(sentinel.master(masterName), "SENTINEL MASTER"),
				await(sentinel.replicas(masterName), "SENTINEL REPLICAS"),
				await(sentinel.dispatch(CommandType.SENTINEL, new ListOfMapsOutput<>(StringCodec.UTF8),
						new CommandArgs<>(StringCodec.UTF8).add("SENTINELS").add(masterName)), "SENTINEL SENTINELS"));
	}

	private void closeSentinelConnection() {
		StatefulRedisSentinelConnection<String, String> connection;
		synchronized (this.sentinelLock) {
			connection = this.sentinelConnection;
			this.sentinelConnection = null;
		}
		if (connection != null) {
			connection.closeAsync();
		}
	}

	private <T> T await(RedisFuture<T> future, String command) throws Exception {
		try {
			return future.get(this.probeTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw new TimeoutException(command + " got no reply within " + this.probeTimeout.toMillis() + " ms");
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof Exception cause) ? cause : ex;
		}
	}

	private static String describe(Exception ex) {
		return RedisRootCause.describe(ex);
	}

	private void logTransition(RedisHealthSnapshot previous, RedisHealthSnapshot next) {
		if (next.outcome() == RedisHealthSnapshot.Outcome.UP) {
			this.credentialsErrorLogged = false;
		}
		if (next.authenticationFailed() && !this.credentialsErrorLogged) {
			// Once until Redis is up again: a check that fails otherwise in between (a timeout) does not repeat it.
			this.credentialsErrorLogged = true;
			logger.error("Redis refused the credentials (" + next.lastError() + "): check " + this.credentialsHint
					+ "; Redis stays unavailable until they are right");
		}
		else if (next.outcome() == RedisHealthSnapshot.Outcome.DOWN
				&& (previous.outcome() != RedisHealthSnapshot.Outcome.DOWN
						|| (previous.authenticationFailed() && !next.authenticationFailed()))) {
			logger.warn("Redis health check failed: " + next.lastError());
		}
		else if (next.outcome() == RedisHealthSnapshot.Outcome.UP && previous.outcome() == RedisHealthSnapshot.Outcome.DOWN) {
			logger.info("Redis health check succeeded again after " + previous.consecutiveFailures() + " failures");
		}
		if (next.outcome() == RedisHealthSnapshot.Outcome.UP) {
			String wasDown = (previous.cluster() != null) ? previous.cluster().downReason() : null;
			String isDown = (next.cluster() != null) ? next.cluster().downReason() : null;
			if (isDown != null && !isDown.equals(wasDown)) {
				logger.warn("Redis cluster unhealthy: " + isDown);
			}
			else if (isDown == null && wasDown != null) {
				logger.info("Redis cluster healthy again");
			}
		}
	}

}
