package com.tradingboost.redis.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.RedisOperations;

/**
 * Finds keys that never expire (SCAN on every master, then their TTLs in batches) and can give them a TTL. A key that
 * gets a TTL or is deleted between the scan and the TTL check is not counted as one without TTL.
 *
 * @param <K> the key type
 */
public final class RedisTtlAudit<K> {

	private final RedisKeyScanner<K> scanner;

	private final RedisBatches<K, ?> batches;

	private final int batchSize;

	private final Duration timeout;

	/**
	 * Creates an audit.
	 * @param template the template whose connection factory and key serializer the audit uses
	 * @param batchSize keys per SCAN hint and per batch of TTL checks
	 * @param timeout the longest one SCAN or one chunk of a batch may wait for its replies
	 */
	public RedisTtlAudit(RedisOperations<K, ?> template, int batchSize, Duration timeout) {
		this.batchSize = RedisArguments.positive(batchSize, "batchSize");
		this.scanner = new RedisKeyScanner<>(template, timeout);
		this.batches = new RedisBatches<>(template, batchSize, timeout);
		this.timeout = timeout;
	}

	/**
	 * Returns the same audit over another template, with its key serializer.
	 * @param <K2> its key type
	 * @param other the template
	 * @return the audit for that template
	 */
	public <K2> RedisTtlAudit<K2> using(RedisOperations<K2, ?> other) {
		return new RedisTtlAudit<>(other, this.batchSize, this.timeout);
	}

	/**
	 * What an audit found.
	 *
	 * @param <K> the key type
	 * @param pattern the pattern audited
	 * @param scanned how many keys matched
	 * @param withoutTtl how many of them never expire
	 * @param keys the first keys without TTL, at most the requested number
	 * @param ttlApplied how many keys were given a TTL ({@code 0} for an audit only)
	 */
	public record Report<K>(K pattern, long scanned, long withoutTtl, List<K> keys, long ttlApplied) {
	}

	/**
	 * Lists the keys matching a pattern that have no TTL.
	 * @param pattern the pattern, a glob for {@code String} keys
	 * @param maxReported the most keys to list
	 * @return the report
	 */
	public Report<K> audit(K pattern, int maxReported) {
		return run(pattern, maxReported, null);
	}

	/**
	 * Gives every key matching a pattern that has no TTL the given one.
	 * @param pattern the pattern, a glob for {@code String} keys
	 * @param ttl the TTL to apply
	 * @param maxReported the most keys to list
	 * @return the report
	 */
	public Report<K> applyTtl(K pattern, Duration ttl, int maxReported) {
		return run(pattern, maxReported, RedisArguments.ttl(ttl, "ttl"));
	}

	private Report<K> run(@Nullable K pattern, int maxReported, @Nullable Duration ttl) {
		RedisArguments.key(pattern, "pattern");
		if (maxReported < 0) {
			throw new IllegalArgumentException("maxReported must not be negative, was " + maxReported);
		}
		Tally<K> tally = new Tally<>(maxReported);
		List<K> batch = new ArrayList<>(this.batchSize);
		try (Stream<K> keys = this.scanner.scan(pattern, this.batchSize, Long.MAX_VALUE)) {
			keys.forEach((key) -> {
				batch.add(key);
				if (batch.size() == this.batchSize) {
					check(batch, ttl, tally);
				}
			});
		}
		check(batch, ttl, tally);
		return new Report<>(pattern, tally.scanned, tally.withoutTtl, List.copyOf(tally.reported), tally.ttlApplied);
	}

	private void check(List<K> batch, @Nullable Duration ttl, Tally<K> tally) {
		if (batch.isEmpty()) {
			return;
		}
		List<Long> ttls = this.batches.ttlAll(batch);
		List<K> forever = new ArrayList<>();
		for (int i = 0; i < batch.size(); i++) {
			if (ttls.get(i) == -1) {
				forever.add(batch.get(i));
			}
		}
		tally.scanned += batch.size();
		tally.withoutTtl += forever.size();
		for (K key : forever) {
			if (tally.reported.size() < tally.maxReported) {
				tally.reported.add(key);
			}
		}
		if (ttl != null && !forever.isEmpty()) {
			tally.ttlApplied += this.batches.expireAll(forever, ttl);
		}
		batch.clear();
	}

	private static final class Tally<K> {

		private final int maxReported;

		private final List<K> reported = new ArrayList<>();

		private long scanned;

		private long withoutTtl;

		private long ttlApplied;

		Tally(int maxReported) {
			this.maxReported = maxReported;
		}

	}

}
