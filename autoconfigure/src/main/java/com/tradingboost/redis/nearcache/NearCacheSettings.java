package com.tradingboost.redis.nearcache;

import java.time.Duration;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * How the near caches are set up.
 *
 * @param caches the names of the caches that get an L1
 * @param maximumSize the most entries each L1 keeps
 * @param expireAfterWrite the L1 expiry, or {@code null} for the cache's Redis TTL; never longer than that TTL
 * @param maxStale how old an L1 entry may be and still be served while Redis is unavailable
 */
public record NearCacheSettings(Set<String> caches, long maximumSize, @Nullable Duration expireAfterWrite,
		Duration maxStale) {
}
