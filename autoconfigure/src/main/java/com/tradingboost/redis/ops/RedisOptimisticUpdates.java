package com.tradingboost.redis.ops;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

import io.lettuce.core.ScriptOutputType;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * Read-modify-write of one key, retried with exponential backoff and jitter when another writer changed the key in
 * between, up to a bound; the key keeps its TTL ({@code SET ... KEEPTTL}). On one server and under Sentinel the update
 * runs under {@code WATCH}/{@code MULTI}/{@code EXEC}; on a cluster, where Spring Data Redis has no transactions, it
 * is a single-key compare-and-set in Lua that writes only if the key still holds the bytes that were read (or is
 * still absent). Counters use {@code INCRBY}/{@code INCRBYFLOAT}, atomic on every topology and never retried.
 *
 * @param <K> the type of the keys
 * @param <V> the type of the values
 */
public final class RedisOptimisticUpdates<K, V> {

	/** Writes ARGV[3], keeping the TTL, only if the key holds ARGV[2] (ARGV[1] = '1') or is absent (ARGV[1] = '0'). */
	private static final byte[] COMPARE_AND_SET = """
			local current = redis.call('GET', KEYS[1])
			if ARGV[1] == '1' then
			  if current ~= ARGV[2] then return 0 end
			elseif current then
			  return 0
			end
			redis.call('SET', KEYS[1], ARGV[3], 'KEEPTTL')
			return 1
			""".getBytes(StandardCharsets.UTF_8);

	private static final byte[] PRESENT = { '1' };

	private static final byte[] ABSENT = { '0' };

	private static final byte[] NOTHING = {};

	private final RedisOperations<K, V> template;

	private final RedisSerializer<K> keys;

	private final RedisSerializer<V> values;

	private final LettuceCommands commands;

	private final int maxAttempts;

	private final Duration initialBackoff;

	private final Duration maxBackoff;

	/**
	 * Creates the API over a template's connection factory and serializers.
	 * @param template the template, normally a {@code RedisTemplate}
	 * @param maxAttempts attempts in all before {@link OptimisticUpdateConflictException}
	 * @param initialBackoff wait after the first conflict
	 * @param maxBackoff longest wait between attempts
	 * @param timeout how long a command waits for its reply
	 */
	public RedisOptimisticUpdates(RedisOperations<K, V> template, int maxAttempts, Duration initialBackoff,
			Duration maxBackoff, Duration timeout) {
		this.commands = LettuceCommands.of(template, timeout);
		this.template = template;
		this.keys = TemplateAccess.keySerializer(template);
		this.values = TemplateAccess.valueSerializer(template);
		this.maxAttempts = RedisArguments.positive(maxAttempts, "maxAttempts");
		this.initialBackoff = RedisArguments.ttl(initialBackoff, "initialBackoff");
		this.maxBackoff = RedisArguments.ttl(maxBackoff, "maxBackoff");
	}

	/**
	 * Returns the API with the same settings over another template, for other key and value types.
	 * @param <K2> the type of the other template's keys
	 * @param <V2> the type of the other template's values
	 * @param other the other template
	 * @return the API
	 */
	public <K2, V2> RedisOptimisticUpdates<K2, V2> using(RedisOperations<K2, V2> other) {
		return new RedisOptimisticUpdates<>(other, this.maxAttempts, this.initialBackoff, this.maxBackoff,
				this.commands.timeout());
	}

	/**
	 * Returns the counters as lazy {@link Mono}s, for reactive callers.
	 * @return the reactive API
	 */
	public Reactive<K, V> reactive() {
		return new Reactive<>(this);
	}

	/**
	 * Replaces a key's value with what {@code change} makes of it, keeping the key's TTL.
	 * @param key the key
	 * @param change gets the current value ({@code null} when absent) and returns the new one (not {@code null}); it
	 * may run more than once
	 * @return the value written
	 * @throws OptimisticUpdateConflictException when every attempt lost to a concurrent writer
	 */
	public V update(K key, UnaryOperator<@Nullable V> change) {
		byte[] rawKey = encodeKey(RedisArguments.key(key, "key"));
		RedisArguments.notNull(change, "change");
		boolean cluster = this.commands.isCluster();
		long backoff = this.initialBackoff.toNanos();
		for (int attempt = 1; attempt <= this.maxAttempts; attempt++) {
			Attempt<V> result = cluster ? compareAndSet(key, rawKey, change)
					: this.template.execute(new WatchedUpdate<>(key, rawKey, change, this));
			if (result != null && result.committed()) {
				return result.value();
			}
			if (attempt < this.maxAttempts) {
				sleep(ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1));
				backoff = Math.min(backoff * 2, this.maxBackoff.toNanos());
			}
		}
		throw new OptimisticUpdateConflictException(String.valueOf(key), this.maxAttempts);
	}

	/**
	 * Adds to a counter with {@code INCRBY}, atomically and without retries; the key keeps its TTL, and a counter
	 * this creates has none. Redis stores the counter as decimal digits: read it back with a {@code String} or a JSON
	 * value serializer.
	 * @param key the counter's key
	 * @param delta what to add
	 * @return the new value
	 */
	public long increment(K key, long delta) {
		byte[] rawKey = encodeKey(RedisArguments.key(key, "key"));
		return this.commands.run("INCRBY", (connection) -> LettuceCommands.async(connection).incrby(rawKey, delta));
	}

	/**
	 * Adds to a counter with {@code INCRBYFLOAT}, atomically and without retries; the same TTL rule as
	 * {@link #increment(Object, long)}.
	 * @param key the counter's key
	 * @param delta what to add, a finite number
	 * @return the new value
	 */
	public double increment(K key, double delta) {
		byte[] rawKey = encodeKey(RedisArguments.key(key, "key"));
		finite(delta);
		return this.commands.run("INCRBYFLOAT",
				(connection) -> LettuceCommands.async(connection).incrbyfloat(rawKey, delta));
	}

	private Attempt<V> compareAndSet(K key, byte[] rawKey, UnaryOperator<@Nullable V> change) {
		byte @Nullable [] current = this.commands.run("GET",
				(connection) -> LettuceCommands.async(connection).get(rawKey));
		V next = apply(change, (current != null) ? this.values.deserialize(current) : null, key);
		byte[] rawNext = encodeValue(next);
		byte[][] args = { (current != null) ? PRESENT : ABSENT, (current != null) ? current : NOTHING, rawNext };
		Long written = this.commands.run("A compare-and-set", (connection) -> LettuceCommands.async(connection)
			.eval(COMPARE_AND_SET, ScriptOutputType.INTEGER, new byte[][] { rawKey }, args));
		return new Attempt<>(written != null && written == 1L, next);
	}

	private static <V> V apply(UnaryOperator<@Nullable V> change, @Nullable V current, Object key) {
		V next = change.apply(current);
		if (next == null) {
			throw new IllegalArgumentException("change must not return null (key '" + key + "')");
		}
		return next;
	}

	private byte[] encodeKey(K key) {
		byte[] raw = this.keys.serialize(key);
		if (raw == null || raw.length == 0) {
			throw new IllegalArgumentException("The key serializer turned key '" + key + "' into no bytes");
		}
		return raw;
	}

	private byte[] encodeValue(V value) {
		byte[] raw = this.values.serialize(value);
		if (raw == null) {
			throw new IllegalArgumentException("The value serializer turned '" + value + "' into no bytes");
		}
		return raw;
	}

	private static void finite(double delta) {
		if (!Double.isFinite(delta)) {
			throw new IllegalArgumentException("delta must be a finite number, was " + delta);
		}
	}

	private static void sleep(long nanos) {
		try {
			Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while backing off an optimistic update", ex);
		}
	}

	/**
	 * The counters as lazy {@link Mono}s: nothing is sent before subscription, and every command passes the same
	 * breaker, retry and meters.
	 *
	 * @param <K> the type of the keys
	 * @param <V> the type of the values
	 */
	public static final class Reactive<K, V> {

		private final RedisOptimisticUpdates<K, V> updates;

		Reactive(RedisOptimisticUpdates<K, V> updates) {
			this.updates = updates;
		}

		/**
		 * Adds to a counter with {@code INCRBY}.
		 * @param key the counter's key
		 * @param delta what to add
		 * @return the new value
		 */
		public Mono<Long> increment(K key, long delta) {
			byte[] rawKey = this.updates.encodeKey(RedisArguments.key(key, "key"));
			return Mono.fromFuture(() -> this.updates.commands
				.start((connection) -> LettuceCommands.async(connection).incrby(rawKey, delta)));
		}

		/**
		 * Adds to a counter with {@code INCRBYFLOAT}.
		 * @param key the counter's key
		 * @param delta what to add, a finite number
		 * @return the new value
		 */
		public Mono<Double> increment(K key, double delta) {
			byte[] rawKey = this.updates.encodeKey(RedisArguments.key(key, "key"));
			finite(delta);
			return Mono.fromFuture(() -> this.updates.commands
				.start((connection) -> LettuceCommands.async(connection).incrbyfloat(rawKey, delta)));
		}

	}

	private record Attempt<V>(boolean committed, V value) {
	}

	private record WatchedUpdate<K, V>(K key, byte[] rawKey, UnaryOperator<@Nullable V> change,
			RedisOptimisticUpdates<K, V> updates) implements SessionCallback<Attempt<V>> {

		@Override
		@SuppressWarnings({ "unchecked", "rawtypes" })
		public Attempt<V> execute(RedisOperations operations) {
			operations.watch(this.key);
			boolean queueing = false;
			try {
				byte[] current = (byte[]) operations
					.execute((RedisCallback<byte[]>) (connection) -> connection.stringCommands().get(this.rawKey));
				V next = apply(this.change, (current != null) ? this.updates.values.deserialize(current) : null,
						this.key);
				byte[] rawNext = this.updates.encodeValue(next);
				operations.multi();
				queueing = true;
				operations.execute((RedisCallback<Object>) (connection) -> connection.stringCommands()
					.set(this.rawKey, rawNext, Expiration.keepTtl(), SetOption.upsert()));
				List<Object> results = operations.exec();
				queueing = false;
				return new Attempt<>(results != null && !results.isEmpty(), next);
			}
			catch (RuntimeException ex) {
				endSession(operations, queueing);
				throw ex;
			}
		}

		/** Leaves no WATCH or MULTI behind on a failed path; the pool would reset the connection anyway. */
		@SuppressWarnings("rawtypes")
		private static void endSession(RedisOperations operations, boolean queueing) {
			try {
				if (queueing) {
					operations.discard();
				}
				else {
					operations.unwatch();
				}
			}
			catch (RuntimeException cleanupFailed) {
				// The connection is reset or discarded when it goes back to the pool.
			}
		}

	}

}
