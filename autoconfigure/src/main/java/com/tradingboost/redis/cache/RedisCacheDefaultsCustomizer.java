package com.tradingboost.redis.cache;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.cache.autoconfigure.RedisCacheManagerBuilderCustomizer;
import org.springframework.data.redis.cache.CacheKeyPrefix;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager.RedisCacheManagerBuilder;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Gives Spring Boot's Redis cache manager a default TTL that is never "forever", a TTL per cache, an optional key
 * prefix, immediate (synchronous) writes, and a {@code clear()} that deletes in SCAN batches instead of running KEYS.
 * On a Redis Cluster that SCAN walks every master that serves slots, also after a failover, and each batch's UNLINK
 * is split by slot, so {@code clear()} empties the cache on every master.
 */
public final class RedisCacheDefaultsCustomizer implements RedisCacheManagerBuilderCustomizer {

	private final RedisConnectionFactory connectionFactory;

	private final Duration defaultTtl;

	private final Map<String, Duration> ttls;

	private final @Nullable String keyPrefix;

	private final int clearBatchSize;

	private final Duration commandTimeout;

	/**
	 * Creates a customizer.
	 * @param connectionFactory the shared factory
	 * @param defaultTtl the TTL of caches without their own, unless {@code spring.cache.redis.time-to-live} set one
	 * @param ttls the TTL of each named cache
	 * @param keyPrefix a prefix for every cache key, or {@code null} for Spring Data's {@code cacheName::}
	 * @param clearBatchSize keys per SCAN batch when a cache is cleared
	 * @param commandTimeout the longest one SCAN or UNLINK of a clear may wait for its reply
	 */
	public RedisCacheDefaultsCustomizer(RedisConnectionFactory connectionFactory, Duration defaultTtl,
			Map<String, Duration> ttls, @Nullable String keyPrefix, int clearBatchSize, Duration commandTimeout) {
		this.connectionFactory = connectionFactory;
		this.defaultTtl = defaultTtl;
		this.ttls = ttls;
		this.keyPrefix = keyPrefix;
		this.clearBatchSize = clearBatchSize;
		this.commandTimeout = commandTimeout;
	}

	@Override
	public void customize(RedisCacheManagerBuilder builder) {
		RedisCacheConfiguration defaults = apply(builder.cacheDefaults());
		builder.cacheDefaults(defaults);
		// Caches named in spring.cache.cache-names were configured with the defaults before this customizer ran.
		for (String name : java.util.List.copyOf(builder.getConfiguredCaches())) {
			builder.getCacheConfigurationFor(name)
				.ifPresent((configuration) -> builder.withCacheConfiguration(name, apply(configuration)));
		}
		for (Map.Entry<String, Duration> ttl : this.ttls.entrySet()) {
			builder.withCacheConfiguration(ttl.getKey(), defaults.entryTtl(ttl.getValue()));
		}
		// Immediate writes: with Lettuce, Spring Data otherwise writes and clears asynchronously on the reactive
		// connection, past the circuit breaker and the fail-soft error handler.
		builder.cacheWriter(RedisCacheWriter.create(this.connectionFactory,
				(writer) -> writer.immediateWrites()
					.batchStrategy(new EveryMasterScanStrategy(this.connectionFactory, this.clearBatchSize,
							this.commandTimeout))));
	}

	private RedisCacheConfiguration apply(RedisCacheConfiguration configuration) {
		RedisCacheConfiguration applied = isForever(configuration) ? configuration.entryTtl(this.defaultTtl)
				: configuration;
		if (this.keyPrefix != null) {
			String prefix = this.keyPrefix;
			applied = applied.computePrefixWith((cacheName) -> prefix + CacheKeyPrefix.simple().compute(cacheName));
		}
		return applied;
	}

	private static boolean isForever(RedisCacheConfiguration configuration) {
		Duration ttl = configuration.getTtlFunction().getTimeToLive(Object.class, null);
		return ttl == null || ttl.isZero() || ttl.isNegative();
	}

}
