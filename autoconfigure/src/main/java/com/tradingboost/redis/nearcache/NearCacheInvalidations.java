package com.tradingboost.redis.nearcache;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushListener;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import com.tradingboost.redis.resilience.RedisRootCause;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The invalidation channel of the near caches: one RESP3 connection of the factory's own client that turns on
 * {@code CLIENT TRACKING ... BCAST} for the caches' key prefixes and evicts the L1 entry of every key Redis reports
 * changed. L1 serves only while the channel is tracking and answered a PING within the last few seconds; every
 * reconnect, loss of the channel and flush drops L1 before it serves again.
 */
public final class NearCacheInvalidations implements SmartLifecycle, PushListener, RedisConnectionStateListener {

	/** Runs after the shared factory and the health monitor have started. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

	private static final Log logger = LogFactory.getLog(NearCacheInvalidations.class);

	private static final Duration PING_INTERVAL = Duration.ofSeconds(1);

	/** How recently the channel must have proved alive for L1 to serve. */
	static final Duration ALIVE_TIMEOUT = Duration.ofSeconds(3);

	private final LettuceConnectionFactory factory;

	private final Duration maxStale;

	private final Clock clock;

	private final List<NearCache> caches = new CopyOnWriteArrayList<>();

	/** Odd while L1 must not serve (not tracking yet, channel lost); bumped on every change of that state. */
	private final AtomicLong epoch = new AtomicLong(1);

	private final LongAdder messages = new LongAdder();

	private final LongAdder resets = new LongAdder();

	private final AtomicBoolean tracking = new AtomicBoolean();

	private volatile boolean tracked;

	private volatile long lastAliveNanos = System.nanoTime() - ALIVE_TIMEOUT.toNanos() * 2;

	private volatile @Nullable Instant lastAlive;

	private volatile @Nullable String lastError = "not connected yet";

	private volatile @Nullable StatefulRedisConnection<byte[], byte[]> connection;

	private volatile @Nullable ScheduledExecutorService scheduler;

	private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

	/**
	 * Creates the channel.
	 * @param factory the shared factory, whose client opens the connection
	 * @param maxStale how old an L1 entry may be and still be served while Redis is unavailable; zero drops L1 as soon
	 * as the channel is lost
	 * @param clock the clock of the times in {@link #status()}
	 */
	public NearCacheInvalidations(LettuceConnectionFactory factory, Duration maxStale, Clock clock) {
		this.factory = factory;
		this.maxStale = maxStale;
		this.clock = clock;
	}

	void register(NearCache cache) {
		this.caches.add(cache);
	}

	long epoch() {
		return this.epoch.get();
	}

	static boolean isServingEpoch(long epoch) {
		return (epoch & 1) == 0;
	}

	/**
	 * Tells whether L1 may serve now: tracking is on, on a connection that answered within the last few seconds.
	 * @return {@code true} while L1 serves
	 */
	public boolean isServing() {
		return isServingEpoch(this.epoch.get()) && System.nanoTime() - this.lastAliveNanos < ALIVE_TIMEOUT.toNanos();
	}

	@Override
	public void start() {
		if (this.scheduler != null) {
			return;
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "redis-near-cache-invalidations");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler = executor;
		executor.execute(this::tick);
		executor.scheduleWithFixedDelay(this::tick, PING_INTERVAL.toMillis(), PING_INTERVAL.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		ScheduledExecutorService executor = this.scheduler;
		this.scheduler = null;
		if (executor != null) {
			executor.shutdownNow();
		}
		StatefulRedisConnection<byte[], byte[]> current = this.connection;
		this.connection = null;
		untrusted("stopped");
		if (current != null) {
			current.close();
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/** Connects, turns tracking on, PINGs: what the channel needs, once a second. */
	private void tick() {
		try {
			StatefulRedisConnection<byte[], byte[]> current = this.connection;
			if (current == null) {
				current = connect();
				if (current == null) {
					return;
				}
			}
			if (!current.isOpen()) {
				return;
			}
			if (!this.tracked) {
				track(current);
			}
			ping(current);
			if (isServingEpoch(this.epoch.get()) && System.nanoTime() - this.lastAliveNanos >= ALIVE_TIMEOUT.toNanos()) {
				untrusted("no reply on the invalidation channel for " + ALIVE_TIMEOUT.toSeconds() + " s");
			}
		}
		catch (RuntimeException ex) {
			this.lastError = RedisRootCause.describe(ex);
			logger.debug("Near cache invalidation channel: " + this.lastError, ex);
		}
	}

	private @Nullable StatefulRedisConnection<byte[], byte[]> connect() {
		AbstractRedisClient client = this.factory.getNativeClient();
		if (!(client instanceof RedisClient redisClient)) {
			this.lastError = "the factory has no standalone or Sentinel client";
			return null;
		}
		StatefulRedisConnection<byte[], byte[]> opened = redisClient.connect(ByteArrayCodec.INSTANCE);
		if (opened instanceof StatefulRedisConnectionImpl<?, ?> impl
				&& impl.getConnectionState().getNegotiatedProtocolVersion() != ProtocolVersion.RESP3) {
			opened.close();
			throw new IllegalStateException("the near cache needs RESP3 (Redis 6 or later, protocol version not forced"
					+ " to RESP2), to receive invalidations on the tracking connection");
		}
		opened.addListener((PushListener) this);
		opened.addListener((RedisConnectionStateListener) this);
		if (this.scheduler == null) {
			opened.close();
			return null;
		}
		this.connection = opened;
		return opened;
	}

	/** Turns tracking on; once Redis confirms it, drops L1 and lets it serve. */
	private void track(StatefulRedisConnection<byte[], byte[]> current) {
		if (!this.tracking.compareAndSet(false, true)) {
			return;
		}
		TrackingArgs args = TrackingArgs.Builder.enabled().bcast();
		List<String> prefixes = prefixes();
		if (!prefixes.isEmpty()) {
			args.prefixes(StandardCharsets.ISO_8859_1, prefixes.toArray(String[]::new));
		}
		try {
			current.async().clientTracking(args).whenComplete((reply, failure) -> {
				this.tracking.set(false);
				if (failure != null) {
					this.lastError = "CLIENT TRACKING failed: " + RedisRootCause.describe(failure);
					return;
				}
				if (current == this.connection && current.isOpen()) {
					this.tracked = true;
					alive();
					serving();
				}
			});
		}
		catch (RuntimeException ex) {
			this.tracking.set(false);
			throw ex;
		}
	}

	private void ping(StatefulRedisConnection<byte[], byte[]> current) {
		current.async().ping().whenComplete((reply, failure) -> {
			if (failure == null) {
				alive();
				if (this.tracked && !isServingEpoch(this.epoch.get()) && current == this.connection) {
					serving();
				}
			}
			else {
				this.lastError = "PING failed: " + RedisRootCause.describe(failure);
			}
		});
	}

	/**
	 * The BCAST prefixes: each cache's, without those another one covers (Redis refuses overlapping prefixes); none
	 * when a cache has no prefix, which tracks every key.
	 */
	List<String> prefixes() {
		List<String> all = this.caches.stream().map(NearCache::prefix).distinct().sorted().toList();
		if (all.contains("")) {
			return List.of();
		}
		List<String> kept = new ArrayList<>();
		for (String prefix : all) {
			if (kept.stream().noneMatch(prefix::startsWith)) {
				kept.add(prefix);
			}
		}
		return kept;
	}

	private void alive() {
		this.lastAliveNanos = System.nanoTime();
		this.lastAlive = this.clock.instant();
	}

	/** Drops L1, then lets it serve; the drop comes first so nothing read before tracking was confirmed survives. */
	private synchronized void serving() {
		if (isServingEpoch(this.epoch.get())) {
			return;
		}
		resetAll();
		this.epoch.incrementAndGet();
		this.lastError = null;
	}

	/** Stops L1 serving; drops it unless max-stale keeps it for reads during an outage. */
	private synchronized void untrusted(String reason) {
		this.lastError = reason;
		if (isServingEpoch(this.epoch.get())) {
			this.epoch.incrementAndGet();
		}
		if (this.maxStale.isZero()) {
			resetAll();
		}
	}

	private void resetAll() {
		this.resets.increment();
		this.caches.forEach(NearCache::reset);
	}

	@Override
	public void onPushMessage(PushMessage message) {
		if (!"invalidate".equals(message.getType())) {
			return;
		}
		this.messages.increment();
		alive();
		List<Object> content = message.getContent();
		Object keys = (content.size() > 1) ? content.get(1) : null;
		if (!(keys instanceof List<?> list)) {
			// A flush (FLUSHALL, FLUSHDB): Redis names no key.
			resetAll();
			return;
		}
		for (Object key : list) {
			if (key instanceof ByteBuffer buffer) {
				invalidate(StandardCharsets.ISO_8859_1.decode(buffer.duplicate()).toString());
			}
		}
	}

	private void invalidate(String redisKey) {
		for (NearCache cache : this.caches) {
			if (cache.owns(redisKey)) {
				cache.invalidate(redisKey);
			}
		}
		for (Consumer<String> listener : this.listeners) {
			listener.accept(redisKey);
		}
	}

	/**
	 * Adds a listener told about every key (its Redis key, ISO-8859-1 decoded) whose invalidation has been applied to
	 * L1; it runs on a Lettuce event loop thread and must not block.
	 * @param listener the listener
	 */
	public void addInvalidationListener(Consumer<String> listener) {
		this.listeners.add(listener);
	}

	@Override
	public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
		ScheduledExecutorService executor = this.scheduler;
		if (connection == this.connection && executor != null) {
			executor.execute(this::tick);
		}
	}

	@Override
	public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
		if (connection == this.connection) {
			this.tracked = false;
			untrusted("invalidation channel disconnected");
		}
	}

	/**
	 * Returns what the channel is doing, for health and meters.
	 * @return the status
	 */
	public NearCacheStatus status() {
		Map<String, NearCacheStatus.CacheStatus> caches = new LinkedHashMap<>();
		for (NearCache cache : this.caches) {
			caches.put(cache.getName(), new NearCacheStatus.CacheStatus(cache.getLocalSize(), cache.getMaximumSize(),
					cache.getExpireAfterWrite(), cache.getHits(), cache.getMisses()));
		}
		long sinceAlive = System.nanoTime() - this.lastAliveNanos;
		return new NearCacheStatus(isServing(), this.tracked, prefixes(), caches, this.messages.sum(),
				this.lastAlive, (this.lastAlive != null) ? Duration.ofNanos(sinceAlive) : null, this.resets.sum(),
				this.maxStale, isServing() ? null : this.lastError);
	}

	/**
	 * Returns the near caches this channel keeps coherent.
	 * @return the caches
	 */
	public List<NearCache> getCaches() {
		return List.copyOf(this.caches);
	}

	/**
	 * Returns the number of invalidation messages received.
	 * @return the messages
	 */
	public long getMessagesReceived() {
		return this.messages.sum();
	}

	/**
	 * Returns the time since the channel last proved alive (a PING reply, an invalidation, tracking confirmed).
	 * @return the time, or {@code null} if it never did
	 */
	public @Nullable Duration getSinceAlive() {
		return (this.lastAlive != null) ? Duration.ofNanos(System.nanoTime() - this.lastAliveNanos) : null;
	}

}
