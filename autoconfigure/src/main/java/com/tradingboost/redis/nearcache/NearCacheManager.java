package com.tradingboost.redis.nearcache;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.transaction.TransactionAwareCacheDecorator;
import org.springframework.data.redis.cache.RedisCache;

/**
 * A {@link CacheManager} that puts an L1 in front of the chosen caches of a Redis cache manager and hands out the
 * others unchanged.
 */
public final class NearCacheManager implements CacheManager {

	private static final Log logger = LogFactory.getLog(NearCacheManager.class);

	private static final String CACHES_PROPERTY = "tradingboost.redis.near-cache.caches";

	private final CacheManager delegate;

	private final Map<String, Cache> nearCaches = new LinkedHashMap<>();

	private final Map<String, NearCache> targets = new LinkedHashMap<>();

	/**
	 * Creates the manager and its near caches, registering them with the invalidation channel.
	 * @param delegate the Redis cache manager
	 * @param invalidations the invalidation channel
	 * @param settings the near-cache settings
	 */
	public NearCacheManager(CacheManager delegate, NearCacheInvalidations invalidations, NearCacheSettings settings) {
		this.delegate = delegate;
		for (String name : settings.caches()) {
			Cache cache = delegate.getCache(name);
			if (cache == null) {
				throw new IllegalStateException(CACHES_PROPERTY + " names '" + name + "', a cache the cache manager"
						+ " does not have (runtime cache creation is off): add it to spring.cache.cache-names");
			}
			boolean transactional = cache instanceof TransactionAwareCacheDecorator;
			Cache target = (cache instanceof TransactionAwareCacheDecorator decorator) ? decorator.getTargetCache()
					: cache;
			if (!(target instanceof RedisCache redis)) {
				throw new IllegalStateException(CACHES_PROPERTY + " names '" + name + "', which is not a Redis cache ("
						+ target.getClass().getName() + ")");
			}
			NearCache near = new NearCache(redis, invalidations, settings.maximumSize(),
					expiry(redis, settings.expireAfterWrite()), settings.maxStale());
			invalidations.register(near);
			this.targets.put(name, near);
			this.nearCaches.put(name, transactional ? new TransactionAwareCacheDecorator(near) : near);
		}
	}

	/**
	 * The L1 expiry of a cache: the configured one, clamped to the cache's Redis TTL.
	 */
	static @Nullable Duration expiry(RedisCache cache, @Nullable Duration configured) {
		Duration ttl = cache.getCacheConfiguration().getTtlFunction().getTimeToLive(Object.class, null);
		boolean expires = ttl != null && !ttl.isZero() && !ttl.isNegative();
		if (!expires) {
			return configured;
		}
		if (configured == null) {
			return ttl;
		}
		if (configured.compareTo(ttl) > 0) {
			logger.warn("tradingboost.redis.near-cache.expire-after-write (" + configured + ") is longer than the Redis"
					+ " TTL of cache '" + cache.getName() + "' (" + ttl + "): its L1 entries expire after " + ttl);
			return ttl;
		}
		return configured;
	}

	@Override
	public @Nullable Cache getCache(String name) {
		Cache near = this.nearCaches.get(name);
		return (near != null) ? near : this.delegate.getCache(name);
	}

	@Override
	public Collection<String> getCacheNames() {
		Set<String> names = new LinkedHashSet<>(this.delegate.getCacheNames());
		names.addAll(this.nearCaches.keySet());
		return names;
	}

	@Override
	public void resetCaches() {
		try {
			this.delegate.resetCaches();
		}
		finally {
			this.targets.values().forEach(NearCache::reset);
		}
	}

	/**
	 * Returns the near cache of a name, without any transaction-aware decorator.
	 * @param name the cache name
	 * @return the near cache, or {@code null} if the name has none
	 */
	public @Nullable NearCache getNearCache(String name) {
		return this.targets.get(name);
	}

	/**
	 * Returns the Redis cache manager this one decorates.
	 * @return the delegate
	 */
	public CacheManager getDelegate() {
		return this.delegate;
	}

}
