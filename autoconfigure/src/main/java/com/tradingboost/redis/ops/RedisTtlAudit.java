package com.tradingboost.redis.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds keys that never expire (SCAN, then their TTLs in batches) and can give them a TTL.
 */
public final class RedisTtlAudit {

	private static final int BATCH = 500;

	private final RedisKeyScanner scanner;

	private final RedisBatches batches;

	public RedisTtlAudit(RedisKeyScanner scanner, RedisBatches batches) {
		this.scanner = scanner;
		this.batches = batches;
	}

	/**
	 * What an audit found.
	 *
	 * @param pattern the pattern audited
	 * @param scanned how many keys matched
	 * @param withoutTtl how many of them never expire
	 * @param keys the first keys without TTL, at most the requested number
	 * @param ttlApplied how many keys were given a TTL ({@code 0} for an audit only)
	 */
	public record Report(String pattern, long scanned, long withoutTtl, List<String> keys, long ttlApplied) {
	}

	/**
	 * Lists the keys matching a pattern that have no TTL.
	 * @param pattern a glob-style pattern
	 * @param maxReported the most keys to list
	 * @return the report
	 */
	public Report audit(String pattern, int maxReported) {
		return run(pattern, maxReported, null);
	}

	/**
	 * Gives every key matching a pattern that has no TTL the given one.
	 * @param pattern a glob-style pattern
	 * @param ttl the TTL to apply
	 * @param maxReported the most keys to list
	 * @return the report
	 */
	public Report applyTtl(String pattern, Duration ttl, int maxReported) {
		return run(pattern, maxReported, RedisArguments.ttl(ttl, "ttl"));
	}

	private Report run(String pattern, int maxReported, Duration ttl) {
		RedisArguments.key(pattern, "pattern");
		if (maxReported < 0) {
			throw new IllegalArgumentException("maxReported must not be negative, was " + maxReported);
		}
		long[] counts = new long[3];
		List<String> reported = new ArrayList<>();
		List<String> batch = new ArrayList<>(BATCH);
		try (Stream<String> keys = this.scanner.scan(pattern, BATCH, Long.MAX_VALUE)) {
			keys.forEach((key) -> {
				batch.add(key);
				if (batch.size() == BATCH) {
					check(batch, ttl, counts, reported, maxReported);
				}
			});
		}
		check(batch, ttl, counts, reported, maxReported);
		return new Report(pattern, counts[0], counts[1], List.copyOf(reported), counts[2]);
	}

	private void check(List<String> batch, Duration ttl, long[] counts, List<String> reported, int maxReported) {
		if (batch.isEmpty()) {
			return;
		}
		List<Long> ttls = this.batches.ttlAll(batch);
		List<String> forever = new ArrayList<>();
		for (int i = 0; i < batch.size(); i++) {
			if (ttls.get(i) == -1) {
				forever.add(batch.get(i));
			}
		}
		counts[0] += batch.size();
		counts[1] += forever.size();
		for (String key : forever) {
			if (reported.size() < maxReported) {
				reported.add(key);
			}
		}
		if (ttl != null && !forever.isEmpty()) {
			counts[2] += this.batches.expireAll(forever, ttl);
		}
		batch.clear();
	}

}
