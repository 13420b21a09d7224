package com.tradingboost.redis.nearcache;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Publishes the near caches' L1 hits, misses and evictions by cause, and the invalidation channel's messages and
 * liveness; reads counters only.
 */
public final class NearCacheMetrics implements MeterBinder {

	private final NearCacheInvalidations invalidations;

	private final Supplier<List<NearCache>> caches;

	private final String instance;

	/**
	 * Creates the binder.
	 * @param invalidations the invalidation channel
	 * @param caches the near caches, asked for when the binder is bound
	 * @param instance the value of the {@code instance} tag
	 */
	public NearCacheMetrics(NearCacheInvalidations invalidations, Supplier<List<NearCache>> caches, String instance) {
		this.invalidations = invalidations;
		this.caches = caches;
		this.instance = instance;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (NearCache cache : this.caches.get()) {
			gets(registry, cache, "hit", NearCache::getHits);
			gets(registry, cache, "miss", NearCache::getMisses);
			gets(registry, cache, "stale", NearCache::getStaleHits);
			for (NearCache.Cause cause : NearCache.Cause.values()) {
				FunctionCounter.builder("tradingboost.redis.near.cache.evictions", cache, (c) -> c.getEvictions(cause))
					.description("Entries that left a near cache's L1, by cause")
					.tag("cache", cache.getName())
					.tag("cause", cause.name().toLowerCase(Locale.ROOT))
					.tag("instance", this.instance)
					.register(registry);
			}
			Gauge.builder("tradingboost.redis.near.cache.entries", cache, NearCache::getLocalSize)
				.description("Entries in a near cache's L1")
				.tag("cache", cache.getName())
				.tag("instance", this.instance)
				.register(registry);
		}
		FunctionCounter
			.builder("tradingboost.redis.near.cache.invalidations.received", this.invalidations,
					NearCacheInvalidations::getMessagesReceived)
			.description("Invalidation messages Redis sent to the near caches' tracking connection")
			.tag("instance", this.instance)
			.register(registry);
		TimeGauge
			.builder("tradingboost.redis.near.cache.channel.since.alive", this.invalidations, TimeUnit.SECONDS,
					NearCacheMetrics::secondsSinceAlive)
			.description("Time since the invalidation channel last proved alive (PING reply, invalidation)")
			.tag("instance", this.instance)
			.register(registry);
		Gauge.builder("tradingboost.redis.near.cache.serving", this.invalidations, (i) -> i.isServing() ? 1 : 0)
			.description("1 while the near caches serve reads from L1, else 0")
			.tag("instance", this.instance)
			.register(registry);
	}

	private void gets(MeterRegistry registry, NearCache cache, String result, ToDoubleFunction<NearCache> count) {
		FunctionCounter.builder("tradingboost.redis.near.cache.gets", cache, count)
			.description("Reads of a near cache: hit (served by L1), miss (read from Redis), stale (served by L1 within"
					+ " max-stale while Redis was unavailable)")
			.tag("cache", cache.getName())
			.tag("result", result)
			.tag("instance", this.instance)
			.register(registry);
	}

	private static double secondsSinceAlive(NearCacheInvalidations invalidations) {
		java.time.Duration since = invalidations.getSinceAlive();
		return (since != null) ? since.toNanos() / 1e9 : Double.NaN;
	}

}
