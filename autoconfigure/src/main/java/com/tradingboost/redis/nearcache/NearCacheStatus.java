package com.tradingboost.redis.nearcache;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What the near caches and their invalidation channel are doing, read without Redis I/O.
 *
 * @param serving whether L1 serves reads now
 * @param tracking whether Redis confirmed client tracking on the current connection of the channel
 * @param prefixes the key prefixes tracked ({@code BCAST}); empty tracks every key
 * @param caches each near cache by name
 * @param invalidationsReceived invalidation messages received since start
 * @param lastAlive when the channel last proved alive, or {@code null} if it never did
 * @param sinceAlive the time since then, or {@code null}
 * @param resets times every L1 was dropped (reconnects, flushes, a lost channel)
 * @param maxStale how old an L1 entry may be and still be served while Redis is unavailable
 * @param reason why L1 does not serve, or {@code null} while it does
 */
public record NearCacheStatus(boolean serving, boolean tracking, List<String> prefixes, Map<String, CacheStatus> caches,
		long invalidationsReceived, @Nullable Instant lastAlive, @Nullable Duration sinceAlive, long resets,
		Duration maxStale, @Nullable String reason) {

	/**
	 * One near cache.
	 *
	 * @param size the entries in L1
	 * @param maximumSize the most entries L1 keeps
	 * @param expireAfterWrite the L1 expiry, or {@code null} for none
	 * @param hits reads served from L1
	 * @param misses reads that went to Redis
	 */
	public record CacheStatus(long size, long maximumSize, @Nullable Duration expireAfterWrite, long hits, long misses) {
	}

}
