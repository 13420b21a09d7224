package com.tradingboost.redis.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.lettuce.core.SetArgs;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.BooleanOutput;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.output.ValueOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.GenericToStringSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * Many keys in few round trips, with the application's serializers: commands go out in chunks, each chunk written
 * and flushed at once (on a cluster, one write per master that owns the chunk's keys), two chunks in flight, and the
 * results come back in input order. Every command is one call of the circuit breaker. A batch that fails part-way
 * stops sending and throws {@link RedisBatchException}, which says which keys were applied. Empty input does no I/O.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class RedisBatches<K, V> {

	private static final RedisScript<Long> PUT_HASH = RedisScript.of("""
			redis.call('DEL', KEYS[1])
			for i = 2, #ARGV, 2000 do
			  redis.call('HSET', KEYS[1], unpack(ARGV, i, math.min(i + 1999, #ARGV)))
			end
			redis.call('PEXPIRE', KEYS[1], ARGV[1])
			return 1
			""", Long.class);

	private final RedisOperations<K, V> template;

	private final LettuceCommands lettuce;

	private final int chunkSize;

	private final Duration timeout;

	/**
	 * Creates the batches API.
	 * @param template the template whose connection factory and serializers the batches use
	 * @param chunkSize commands sent before waiting for their replies
	 * @param timeout the longest a chunk may wait for its replies
	 */
	public RedisBatches(RedisOperations<K, V> template, int chunkSize, Duration timeout) {
		this.chunkSize = RedisArguments.positive(chunkSize, "chunkSize");
		this.lettuce = LettuceCommands.of(template, timeout);
		this.template = template;
		TemplateAccess.keySerializer(template);
		TemplateAccess.valueSerializer(template);
		this.timeout = timeout;
	}

	/**
	 * Returns the same batches over another template, with its serializers.
	 * @param <K2> its key type
	 * @param <V2> its value type
	 * @param other the template
	 * @return the batches API for that template
	 */
	public <K2, V2> RedisBatches<K2, V2> using(RedisOperations<K2, V2> other) {
		return new RedisBatches<>(other, this.chunkSize, this.timeout);
	}

	/**
	 * Returns the reactive variant, which sends the same commands when subscribed to.
	 * @return the reactive batches API
	 */
	public Reactive<K, V> reactive() {
		return new Reactive<>(this);
	}

	/**
	 * Sets every key to its value with one TTL.
	 * @param values the keys and values
	 * @param ttl the TTL of every key
	 */
	public void setAll(Map<K, V> values, Duration ttl) {
		await(setAllAsync(values, ttl), values.size());
	}

	/**
	 * Reads many keys.
	 * @param keys the keys
	 * @return each key's value, {@code null} where absent, in the order of {@code keys}
	 */
	public List<@Nullable V> getAll(List<K> keys) {
		return await(getAllAsync(keys), keys.size());
	}

	/**
	 * Sets one TTL on many keys.
	 * @param keys the keys
	 * @param ttl the TTL
	 * @return how many of the keys existed (and got the TTL)
	 */
	public long expireAll(Collection<K> keys, Duration ttl) {
		return await(expireAllAsync(keys, ttl), keys.size());
	}

	/**
	 * Reads the remaining TTL of many keys.
	 * @param keys the keys
	 * @return each key's TTL in milliseconds, -1 without TTL, -2 when absent, in the order of {@code keys}
	 */
	public List<Long> ttlAll(List<K> keys) {
		return await(ttlAllAsync(keys), keys.size());
	}

	/**
	 * Replaces a hash and sets its TTL together, in one script: readers never see it without its TTL or half
	 * written. Fields and values are written with the template's hash serializers.
	 * @param <HK> the field type
	 * @param <HV> the field value type
	 * @param key the hash's key
	 * @param fields the fields
	 * @param ttl the TTL
	 */
	public <HK, HV> void putHash(K key, Map<HK, HV> fields, Duration ttl) {
		RedisArguments.key(key, "key");
		RedisArguments.entries(fields, "fields");
		long millis = RedisArguments.ttl(ttl, "ttl").toMillis();
		if (fields.isEmpty()) {
			return;
		}
		RedisSerializer<HK> fieldSerializer = TemplateAccess.hashKeySerializer(this.template);
		RedisSerializer<HV> valueSerializer = TemplateAccess.hashValueSerializer(this.template);
		List<Object> args = new ArrayList<>(fields.size() * 2 + 1);
		args.add(Long.toString(millis).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		fields.forEach((field, value) -> {
			args.add(fieldSerializer.serialize(field));
			args.add(valueSerializer.serialize(value));
		});
		this.template.execute(PUT_HASH, RedisSerializer.byteArray(), new GenericToStringSerializer<>(Long.class), List.of(key),
				args.toArray());
	}

	private CompletableFuture<Void> setAllAsync(Map<K, V> values, Duration ttl) {
		RedisArguments.entries(values, "values");
		long millis = RedisArguments.ttl(ttl, "ttl").toMillis();
		if (values.isEmpty()) {
			return CompletableFuture.completedFuture(null);
		}
		List<K> keys = new ArrayList<>(values.keySet());
		List<BatchCommand> commands = new ArrayList<>(keys.size());
		RedisSerializer<V> valueSerializer = valueSerializer();
		values.forEach((key, value) -> {
			CommandArgs<byte[], byte[]> args = BatchCommand.args(rawKey(key)).addValue(valueSerializer.serialize(value));
			SetArgs.Builder.px(millis).build(args);
			commands.add(new BatchCommand(CommandType.SET, args, () -> new StatusOutput<>(ByteArrayCodec.INSTANCE)));
		});
		return run("setAll", commands, keys, (replies) -> null);
	}

	private CompletableFuture<List<@Nullable V>> getAllAsync(List<K> keys) {
		RedisArguments.keys(keys, "keys");
		if (keys.isEmpty()) {
			return CompletableFuture.completedFuture(List.of());
		}
		List<BatchCommand> commands = keys.stream()
			.map((key) -> new BatchCommand(CommandType.GET, BatchCommand.args(rawKey(key)),
					() -> new ValueOutput<>(ByteArrayCodec.INSTANCE)))
			.toList();
		RedisSerializer<V> valueSerializer = valueSerializer();
		return run("getAll", commands, keys, (replies) -> {
			List<@Nullable V> values = new ArrayList<>(replies.size());
			replies.forEach((reply) -> values.add((reply != null) ? valueSerializer.deserialize((byte[]) reply) : null));
			return values;
		});
	}

	private CompletableFuture<Long> expireAllAsync(Collection<K> keys, Duration ttl) {
		RedisArguments.keys(keys, "keys");
		long millis = RedisArguments.ttl(ttl, "ttl").toMillis();
		if (keys.isEmpty()) {
			return CompletableFuture.completedFuture(0L);
		}
		List<K> ordered = List.copyOf(keys);
		List<BatchCommand> commands = ordered.stream()
			.map((key) -> new BatchCommand(CommandType.PEXPIRE, BatchCommand.args(rawKey(key)).add(millis),
					() -> new BooleanOutput<>(ByteArrayCodec.INSTANCE)))
			.toList();
		return run("expireAll", commands, ordered,
				(replies) -> replies.stream().filter(Boolean.TRUE::equals).count());
	}

	private CompletableFuture<List<Long>> ttlAllAsync(List<K> keys) {
		RedisArguments.keys(keys, "keys");
		if (keys.isEmpty()) {
			return CompletableFuture.completedFuture(List.of());
		}
		List<BatchCommand> commands = keys.stream()
			.map((key) -> new BatchCommand(CommandType.PTTL, BatchCommand.args(rawKey(key)),
					() -> new IntegerOutput<>(ByteArrayCodec.INSTANCE)))
			.toList();
		return run("ttlAll", commands, keys, (replies) -> replies.stream().map(Long.class::cast).toList());
	}

	private <T> CompletableFuture<T> run(String operation, List<BatchCommand> commands, List<K> keys,
			Function<List<@Nullable Object>, T> result) {
		return this.lettuce
			.start((connection) -> BatchRun.start(operation, connection, commands, keys, this.chunkSize))
			.thenApply(result);
	}

	/** Waits as long as the chunks may take, each within the timeout. */
	private <T> T await(CompletableFuture<T> future, int size) {
		long chunks = (size + (long) this.chunkSize - 1) / this.chunkSize;
		return this.lettuce.withTimeout(this.timeout.multipliedBy(chunks + 1))
			.await(future, "Redis batch of " + size + " command(s)");
	}

	private byte[] rawKey(K key) {
		return TemplateAccess.keySerializer(this.template).serialize(key);
	}

	private RedisSerializer<V> valueSerializer() {
		return TemplateAccess.valueSerializer(this.template);
	}

	/**
	 * The batches for reactive applications: the same commands, sent when subscribed to; bad arguments fail at once.
	 *
	 * @param <K> the key type
	 * @param <V> the value type
	 */
	public static final class Reactive<K, V> {

		private final RedisBatches<K, V> batches;

		private Reactive(RedisBatches<K, V> batches) {
			this.batches = batches;
		}

		/**
		 * Sets every key to its value with one TTL.
		 * @param values the keys and values
		 * @param ttl the TTL of every key
		 * @return completes when every key is set
		 */
		public Mono<Void> setAll(Map<K, V> values, Duration ttl) {
			RedisArguments.entries(values, "values");
			RedisArguments.ttl(ttl, "ttl");
			return defer(() -> this.batches.setAllAsync(values, ttl));
		}

		/**
		 * Reads many keys.
		 * @param keys the keys
		 * @return each key's value, {@code null} where absent, in the order of {@code keys}
		 */
		public Mono<List<@Nullable V>> getAll(List<K> keys) {
			RedisArguments.keys(keys, "keys");
			return defer(() -> this.batches.getAllAsync(keys));
		}

		/**
		 * Sets one TTL on many keys.
		 * @param keys the keys
		 * @param ttl the TTL
		 * @return how many of the keys existed
		 */
		public Mono<Long> expireAll(Collection<K> keys, Duration ttl) {
			RedisArguments.keys(keys, "keys");
			RedisArguments.ttl(ttl, "ttl");
			return defer(() -> this.batches.expireAllAsync(keys, ttl));
		}

		/**
		 * Reads the remaining TTL of many keys.
		 * @param keys the keys
		 * @return each key's TTL in milliseconds, -1 without TTL, -2 when absent
		 */
		public Mono<List<Long>> ttlAll(List<K> keys) {
			RedisArguments.keys(keys, "keys");
			return defer(() -> this.batches.ttlAllAsync(keys));
		}

		private static <T> Mono<T> defer(java.util.function.Supplier<CompletableFuture<T>> batch) {
			return Mono.fromFuture(batch, true).onErrorMap((failure) -> LettuceCommands.translate(failure));
		}

	}

}
