package com.tradingboost.redis.ops;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;

import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.lettuce.LettuceExceptionConverter;

/**
 * Many keys in few round trips: commands go out in chunks on a pooled connection of their own, flushed by hand, and
 * results come back in input order. Each call counts once for the circuit breaker. Empty input does no I/O.
 */
public final class RedisBatches {

	private static final LettuceExceptionConverter EXCEPTIONS = new LettuceExceptionConverter();

	private final TradingBoostLettuceConnectionFactory factory;

	private final int chunkSize;

	private final Duration timeout;

	/**
	 * Creates the batches API.
	 * @param factory the shared factory
	 * @param chunkSize commands sent before waiting for their replies
	 * @param timeout the longest a chunk may wait for its replies
	 */
	public RedisBatches(TradingBoostLettuceConnectionFactory factory, int chunkSize, Duration timeout) {
		this.factory = factory;
		this.chunkSize = RedisArguments.positive(chunkSize, "chunkSize");
		this.timeout = RedisArguments.ttl(timeout, "timeout");
	}

	/**
	 * Sets every key to its value with one TTL.
	 * @param values the keys and values
	 * @param ttl the TTL of every key
	 */
	public void setAll(Map<String, String> values, Duration ttl) {
		RedisArguments.entries(values, "values");
		SetArgs expiry = SetArgs.Builder.px(RedisArguments.ttl(ttl, "ttl").toMillis());
		if (values.isEmpty()) {
			return;
		}
		run((commands) -> values.entrySet()
			.iterator(), (commands, entry) -> commands.set(bytes(entry.getKey()), bytes(entry.getValue()), expiry));
	}

	/**
	 * Reads many keys.
	 * @param keys the keys
	 * @return each key's value, {@code null} where absent, in the order of {@code keys}
	 */
	public List<String> getAll(List<String> keys) {
		RedisArguments.keys(keys, "keys");
		if (keys.isEmpty()) {
			return List.of();
		}
		List<Object> replies = run((commands) -> keys.iterator(), (commands, key) -> commands.get(bytes(key)));
		List<String> values = new ArrayList<>(replies.size());
		replies.forEach((reply) -> values.add((reply != null) ? new String((byte[]) reply, StandardCharsets.UTF_8) : null));
		return values;
	}

	/**
	 * Sets one TTL on many keys.
	 * @param keys the keys
	 * @param ttl the TTL
	 * @return how many of the keys existed (and got the TTL)
	 */
	public long expireAll(Collection<String> keys, Duration ttl) {
		RedisArguments.keys(keys, "keys");
		long millis = RedisArguments.ttl(ttl, "ttl").toMillis();
		if (keys.isEmpty()) {
			return 0;
		}
		return run((commands) -> keys.iterator(), (commands, key) -> commands.pexpire(bytes(key), millis)).stream()
			.filter(Boolean.TRUE::equals)
			.count();
	}

	/**
	 * Reads the remaining TTL of many keys.
	 * @param keys the keys
	 * @return each key's TTL in milliseconds, -1 without TTL, -2 when absent, in the order of {@code keys}
	 */
	public List<Long> ttlAll(List<String> keys) {
		RedisArguments.keys(keys, "keys");
		if (keys.isEmpty()) {
			return List.of();
		}
		return run((commands) -> keys.iterator(), (commands, key) -> commands.pttl(bytes(key))).stream()
			.map(Long.class::cast)
			.toList();
	}

	/**
	 * Replaces a hash and sets its TTL together, in one MULTI/EXEC: readers never see it without its TTL.
	 * @param key the hash's key
	 * @param fields the fields
	 * @param ttl the TTL
	 */
	public void putHash(String key, Map<String, String> fields, Duration ttl) {
		RedisArguments.key(key, "key");
		RedisArguments.entries(fields, "fields");
		long millis = RedisArguments.ttl(ttl, "ttl").toMillis();
		if (fields.isEmpty()) {
			return;
		}
		this.factory.withDedicatedConnection((connection) -> {
			io.lettuce.core.api.sync.RedisCommands<byte[], byte[]> commands = connection.sync();
			Map<byte[], byte[]> encoded = new java.util.LinkedHashMap<>();
			fields.forEach((field, value) -> encoded.put(bytes(field), bytes(value)));
			try {
				commands.multi();
				commands.del(bytes(key));
				commands.hset(bytes(key), encoded);
				commands.pexpire(bytes(key), millis);
				if (commands.exec().wasDiscarded()) {
					throw new RedisSystemException("Transaction for hash '" + key + "' was discarded", null);
				}
				return null;
			}
			catch (RuntimeException ex) {
				throw translate(ex);
			}
		});
	}

	private <T> List<Object> run(java.util.function.Function<RedisAsyncCommands<byte[], byte[]>, Iterator<T>> items,
			Command<T> command) {
		return this.factory.withDedicatedConnection((connection) -> send(connection, items, command));
	}

	private <T> List<Object> send(StatefulRedisConnection<byte[], byte[]> connection,
			java.util.function.Function<RedisAsyncCommands<byte[], byte[]>, Iterator<T>> items, Command<T> command) {
		RedisAsyncCommands<byte[], byte[]> commands = connection.async();
		List<Object> results = new ArrayList<>();
		connection.setAutoFlushCommands(false);
		try {
			Iterator<T> iterator = items.apply(commands);
			// Two chunks in flight: the next one goes out while the replies of the previous one come back.
			List<RedisFuture<?>> inFlight = new ArrayList<>(this.chunkSize);
			List<RedisFuture<?>> chunk = new ArrayList<>(this.chunkSize);
			while (iterator.hasNext()) {
				chunk.add(command.send(commands, iterator.next()));
				if (chunk.size() == this.chunkSize || !iterator.hasNext()) {
					connection.flushCommands();
					awaitAll(inFlight, results);
					List<RedisFuture<?>> sent = chunk;
					chunk = inFlight;
					inFlight = sent;
				}
			}
			awaitAll(inFlight, results);
			return results;
		}
		finally {
			connection.setAutoFlushCommands(true);
		}
	}

	private void awaitAll(List<RedisFuture<?>> futures, List<Object> results) {
		for (RedisFuture<?> future : futures) {
			results.add(await(future));
		}
		futures.clear();
	}

	private Object await(RedisFuture<?> future) {
		try {
			return future.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new QueryTimeoutException("Redis batch got no reply within " + this.timeout.toMillis() + " ms", ex);
		}
		catch (ExecutionException ex) {
			throw translate(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RedisSystemException("Interrupted while waiting for a Redis batch", ex);
		}
	}

	private static RuntimeException translate(Throwable failure) {
		if (failure instanceof DataAccessException access) {
			return access;
		}
		DataAccessException converted = (failure instanceof Exception ex) ? EXCEPTIONS.convert(ex) : null;
		return (converted != null) ? converted : new RedisSystemException("Redis batch failed", failure);
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	@FunctionalInterface
	private interface Command<T> {

		RedisFuture<?> send(RedisAsyncCommands<byte[], byte[]> commands, T item);

	}


}
