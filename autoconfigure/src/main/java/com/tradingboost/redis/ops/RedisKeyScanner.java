package com.tradingboost.redis.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * Walks keys with SCAN, never KEYS, so a large keyspace never blocks a server. Keys and patterns are encoded with the
 * template's key serializer (for {@code String} keys a pattern is a glob such as {@code user:*}).
 *
 * <p>On a Redis Cluster the scan walks every master that serves slots, one after the other. Each page is
 * one SCAN on a connection held only while that page is read, so a stream that is never closed holds nothing and does
 * not delay shutdown. The guarantee is SCAN's own: a key present from the start to the end of a scan is returned (more
 * than once only if a server resizes its table meanwhile), a key added or removed during the scan may or may not be.
 * On a cluster, a key whose slot migrates to another master during the scan may be missed or returned twice (the scan
 * itself completes), and a scan that reaches a master that is down fails with a {@code DataAccessException}; deleting
 * by pattern again catches what a first pass missed.
 *
 * @param <K> the key type
 */
public final class RedisKeyScanner<K> {

	private final RedisSerializer<K> keys;

	private final LettuceCommands lettuce;

	/**
	 * Creates a scanner.
	 * @param template the template whose connection factory and key serializer the scanner uses
	 * @param timeout the longest one SCAN or UNLINK may wait for its reply
	 */
	public RedisKeyScanner(RedisOperations<K, ?> template, Duration timeout) {
		this.lettuce = LettuceCommands.of(template, timeout);
		this.keys = TemplateAccess.keySerializer(template);
	}

	/**
	 * Returns a scanner with the same timeout over another template, with its key serializer.
	 * @param <K2> its key type
	 * @param other the template
	 * @return the scanner for that template
	 */
	public <K2> RedisKeyScanner<K2> using(RedisOperations<K2, ?> other) {
		return new RedisKeyScanner<>(other, this.lettuce.timeout());
	}

	/**
	 * Returns the reactive variant, which sends SCAN as keys are requested.
	 * @return the reactive scanner
	 */
	public Reactive<K> reactive() {
		return new Reactive<>(this);
	}

	/**
	 * Streams the keys that match a pattern, reading a page when the previous one is consumed; closing the stream is
	 * not needed.
	 * @param pattern the pattern, e.g. {@code user:*}
	 * @param count the hint of keys per SCAN call
	 * @param limit the most keys to return
	 * @return the keys
	 */
	public Stream<K> scan(K pattern, int count, long limit) {
		ScanArgs args = args(pattern, count, "count");
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1, was " + limit);
		}
		Iterator<K> pages = new PageIterator(args);
		return StreamSupport
			.stream(Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED | Spliterator.NONNULL), false)
			.limit(limit);
	}

	/**
	 * Deletes the keys that match a pattern with SCAN and UNLINK, a batch at a time (on a cluster, UNLINK is split by
	 * slot). A failure part-way throws; the keys unlinked until then stay deleted.
	 * @param pattern the pattern
	 * @param batchSize keys per SCAN hint and per UNLINK
	 * @return how many keys were deleted
	 */
	public long deleteByPattern(K pattern, int batchSize) {
		ScanArgs args = args(pattern, batchSize, "batchSize");
		long deleted = 0;
		List<byte[]> batch = new ArrayList<>(batchSize);
		ScanCursor cursor = ScanCursor.INITIAL;
		do {
			KeyScanCursor<byte[]> page = this.lettuce.await(page(cursor, args), "SCAN");
			for (byte[] key : page.getKeys()) {
				batch.add(key);
				if (batch.size() == batchSize) {
					deleted += this.lettuce.await(unlink(batch), "UNLINK");
					batch.clear();
				}
			}
			cursor = page;
		}
		while (!cursor.isFinished());
		if (!batch.isEmpty()) {
			deleted += this.lettuce.await(unlink(batch), "UNLINK");
		}
		return deleted;
	}

	private ScanArgs args(@Nullable K pattern, int count, String countName) {
		RedisArguments.key(pattern, "pattern");
		RedisArguments.positive(count, countName);
		byte[] match = this.keys.serialize(pattern);
		if (match == null || match.length == 0) {
			throw new IllegalArgumentException("pattern must not serialize to nothing");
		}
		return ScanArgs.Builder.matches(match).limit(count);
	}

	@SuppressWarnings("unchecked")
	private CompletableFuture<KeyScanCursor<byte[]>> page(ScanCursor cursor, ScanArgs args) {
		return this.lettuce.start((connection) -> (connection instanceof StatefulRedisClusterConnection<?, ?> cluster)
				? MastersScan.page((StatefulRedisClusterConnection<byte[], byte[]>) cluster, cursor, args)
				: LettuceCommands.async(connection).scan(cursor, args));
	}

	private CompletableFuture<Long> unlink(List<byte[]> batch) {
		byte[][] keys = batch.toArray(byte[][]::new);
		return this.lettuce.start((connection) -> LettuceCommands.async(connection).unlink(keys));
	}

	private K key(byte[] raw) {
		K key = this.keys.deserialize(raw);
		if (key == null) {
			throw new IllegalStateException("The key serializer read a scanned key as null");
		}
		return key;
	}

	/** The keys of one page after the other, a page read when the previous one is used up. */
	private final class PageIterator implements Iterator<K> {

		private final ScanArgs args;

		private ScanCursor cursor = ScanCursor.INITIAL;

		private Iterator<byte[]> page = List.<byte[]>of().iterator();

		PageIterator(ScanArgs args) {
			this.args = args;
		}

		@Override
		public boolean hasNext() {
			while (!this.page.hasNext() && !this.cursor.isFinished()) {
				KeyScanCursor<byte[]> next = RedisKeyScanner.this.lettuce.await(page(this.cursor, this.args), "SCAN");
				this.cursor = next;
				this.page = next.getKeys().iterator();
			}
			return this.page.hasNext();
		}

		@Override
		public K next() {
			if (!hasNext()) {
				throw new NoSuchElementException();
			}
			return key(this.page.next());
		}

	}

	/**
	 * The scanner for reactive applications: SCAN is sent as keys are requested, at most one page ahead; bad
	 * arguments fail at once.
	 *
	 * @param <K> the key type
	 */
	public static final class Reactive<K> {

		private final RedisKeyScanner<K> scanner;

		private Reactive(RedisKeyScanner<K> scanner) {
			this.scanner = scanner;
		}

		/**
		 * Emits the keys that match a pattern.
		 * @param pattern the pattern
		 * @param count the hint of keys per SCAN call
		 * @return the keys
		 */
		public Flux<K> scan(K pattern, int count) {
			return pages(this.scanner.args(pattern, count, "count")).concatMapIterable(KeyScanCursor::getKeys, 1)
				.map(this.scanner::key);
		}

		/**
		 * Deletes the keys that match a pattern with SCAN and UNLINK, a batch at a time.
		 * @param pattern the pattern
		 * @param batchSize keys per SCAN hint and per UNLINK
		 * @return how many keys were deleted
		 */
		public Mono<Long> deleteByPattern(K pattern, int batchSize) {
			return pages(this.scanner.args(pattern, batchSize, "batchSize")).concatMapIterable(KeyScanCursor::getKeys, 1)
				.buffer(batchSize)
				.concatMap((batch) -> send(() -> this.scanner.unlink(batch)), 1)
				.reduce(0L, Long::sum);
		}

		private Flux<KeyScanCursor<byte[]>> pages(ScanArgs args) {
			return send(() -> this.scanner.page(ScanCursor.INITIAL, args)).expand(
					(page) -> page.isFinished() ? Mono.empty() : send(() -> this.scanner.page(page, args)));
		}

		private static <T> Mono<T> send(Supplier<CompletableFuture<T>> command) {
			return Mono.fromFuture(command, true).onErrorMap(LettuceCommands::translate);
		}

	}

}
