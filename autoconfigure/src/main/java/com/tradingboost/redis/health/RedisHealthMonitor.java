package com.tradingboost.redis.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Checks Redis in the background: a PING with its own short timeout every health-check interval, and the server
 * facts from {@code INFO} at most once per interval. The latest result is an immutable {@link RedisHealthSnapshot},
 * so readers such as health probes never wait for Redis.
 */
public class RedisHealthMonitor implements SmartLifecycle {

	/** Starts before the web server accepts requests and stops after it, while the connection factory still runs. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Log logger = LogFactory.getLog(RedisHealthMonitor.class);

	private static final Pattern CREDENTIALS_IN_URL = Pattern.compile("(rediss?://)[^@\\s/]*@");

	private static final int MAX_ERROR_LENGTH = 300;

	private final RedisConnectionFactory connectionFactory;

	private final Duration interval;

	private final Duration probeTimeout;

	private final Clock clock;

	private final List<Consumer<RedisHealthSnapshot>> listeners = new CopyOnWriteArrayList<>();

	private volatile UnaryOperator<Duration> nextDelay = UnaryOperator.identity();

	private volatile RedisHealthSnapshot snapshot = RedisHealthSnapshot.notChecked();

	private volatile ScheduledExecutorService executor;

	private volatile ScheduledFuture<?> next;

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
		ScheduledFuture<?> pending = this.next;
		if (current != null && pending != null && pending.cancel(false)) {
			this.next = current.schedule(() -> checkAndScheduleNext(current), 0, TimeUnit.MILLISECONDS);
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
		if (running != null) {
			running.shutdownNow();
			try {
				running.awaitTermination(this.probeTimeout.toMillis(), TimeUnit.MILLISECONDS);
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
		try {
			check();
		}
		finally {
			if (!owner.isShutdown()) {
				Duration delay = this.nextDelay.apply(this.interval);
				this.next = owner.schedule(() -> checkAndScheduleNext(owner), delay.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
	}

	private RedisHealthSnapshot check() {
		RedisHealthSnapshot previous = this.snapshot;
		RedisHealthSnapshot next = probe(previous);
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
			RedisServerFacts facts = infoDue(previous, now) ? RedisServerFacts.parse(await(commands.info(), "INFO"))
					: null;
			return previous.succeeded(now, latency, facts);
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			return previous.failed(this.clock.instant(), describe(ex));
		}
	}

	private RedisConnection ungatedConnection() {
		return (this.connectionFactory instanceof TradingBoostLettuceConnectionFactory tradingBoost)
				? tradingBoost.getUngatedConnection() : this.connectionFactory.getConnection();
	}

	private boolean infoDue(RedisHealthSnapshot previous, Instant now) {
		return previous.serverFactsAt() == null
				|| !previous.serverFactsAt().plus(this.interval.minus(this.interval.dividedBy(10))).isAfter(now);
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
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
		String message = (cause.getMessage() != null) ? cause.getMessage() : "";
		String text = cause.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
		if (cause != ex && ex.getMessage() != null && !text.contains(ex.getMessage())) {
			text = ex.getMessage() + " (" + text + ")";
		}
		text = CREDENTIALS_IN_URL.matcher(text).replaceAll("$1******@");
		return (text.length() > MAX_ERROR_LENGTH) ? text.substring(0, MAX_ERROR_LENGTH) + "…" : text;
	}

	private static void logTransition(RedisHealthSnapshot previous, RedisHealthSnapshot next) {
		if (next.outcome() == RedisHealthSnapshot.Outcome.DOWN && previous.outcome() != RedisHealthSnapshot.Outcome.DOWN) {
			logger.warn("Redis health check failed: " + next.lastError());
		}
		else if (next.outcome() == RedisHealthSnapshot.Outcome.UP && previous.outcome() == RedisHealthSnapshot.Outcome.DOWN) {
			logger.info("Redis health check succeeded again after " + previous.consecutiveFailures() + " failures");
		}
	}

}
