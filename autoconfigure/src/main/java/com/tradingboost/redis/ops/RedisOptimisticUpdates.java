package com.tradingboost.redis.ops;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.types.Expiration;

/**
 * Read-modify-write of one key under WATCH/MULTI/EXEC: when another writer changes the key in between, the update is
 * retried with exponential backoff and jitter, up to a bound; the key keeps its TTL.
 */
public final class RedisOptimisticUpdates {

	private final StringRedisTemplate redis;

	private final int maxAttempts;

	private final Duration initialBackoff;

	private final Duration maxBackoff;

	/**
	 * Creates the API.
	 * @param redis the template
	 * @param maxAttempts attempts in all before {@link OptimisticUpdateConflictException}
	 * @param initialBackoff wait after the first conflict
	 * @param maxBackoff longest wait between attempts
	 */
	public RedisOptimisticUpdates(StringRedisTemplate redis, int maxAttempts, Duration initialBackoff,
			Duration maxBackoff) {
		this.redis = redis;
		this.maxAttempts = RedisArguments.positive(maxAttempts, "maxAttempts");
		this.initialBackoff = RedisArguments.ttl(initialBackoff, "initialBackoff");
		this.maxBackoff = RedisArguments.ttl(maxBackoff, "maxBackoff");
	}

	/**
	 * Replaces a key's value with what {@code change} makes of it.
	 * @param key the key
	 * @param change gets the current value ({@code null} when absent) and returns the new one (not {@code null})
	 * @return the value written
	 */
	public String update(String key, UnaryOperator<@Nullable String> change) {
		RedisArguments.key(key, "key");
		if (change == null) {
			throw new IllegalArgumentException("change must not be null");
		}
		if (this.redis.getConnectionFactory() instanceof LettuceConnectionFactory lettuce && lettuce.isClusterAware()) {
			throw new UnsupportedOperationException(
					"Optimistic updates need WATCH/MULTI/EXEC, which Spring Data Redis does not support in cluster mode");
		}
		long backoff = this.initialBackoff.toNanos();
		for (int attempt = 1; attempt <= this.maxAttempts; attempt++) {
			Attempt result = this.redis.execute(new WatchedUpdate(key, change));
			if (result != null && result.committed()) {
				return result.value();
			}
			if (attempt < this.maxAttempts) {
				sleep(ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1));
				backoff = Math.min(backoff * 2, this.maxBackoff.toNanos());
			}
		}
		throw new OptimisticUpdateConflictException(key, this.maxAttempts);
	}

	/**
	 * Adds to a counter held as a decimal string, the simplest optimistic update.
	 * @param key the counter's key
	 * @param delta what to add
	 * @return the new value
	 */
	public long increment(String key, long delta) {
		return Long.parseLong(update(key, (current) -> Long.toString(((current != null) ? Long.parseLong(current) : 0)
				+ delta)));
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

	private record Attempt(boolean committed, String value) {
	}

	private record WatchedUpdate(String key, UnaryOperator<@Nullable String> change) implements SessionCallback<Attempt> {

		@Override
		@SuppressWarnings({ "unchecked", "rawtypes" })
		public Attempt execute(RedisOperations operations) {
			operations.watch(this.key);
			boolean queueing = false;
			try {
				String current = (String) operations.opsForValue().get(this.key);
				String next = this.change.apply(current);
				if (next == null) {
					throw new IllegalArgumentException("change must not return null (key '" + this.key + "')");
				}
				byte[] rawKey = this.key.getBytes(StandardCharsets.UTF_8);
				byte[] rawValue = next.getBytes(StandardCharsets.UTF_8);
				operations.multi();
				queueing = true;
				operations.execute((RedisCallback<Object>) (connection) -> connection.stringCommands()
					.set(rawKey, rawValue, Expiration.keepTtl(), SetOption.upsert()));
				List<Object> results = operations.exec();
				queueing = false;
				return new Attempt(results != null && !results.isEmpty(), next);
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
