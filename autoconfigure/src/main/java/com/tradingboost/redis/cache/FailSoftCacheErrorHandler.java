package com.tradingboost.redis.cache;

import java.time.Duration;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import com.tradingboost.redis.resilience.RateLimitedWarning;
import com.tradingboost.redis.resilience.RedisRootCause;

import org.springframework.cache.Cache;
import org.springframework.cache.interceptor.CacheErrorHandler;

/**
 * Keeps {@code @Cacheable} methods working while Redis is unavailable: a failed read is a miss (the method runs), a
 * failed put, evict or clear is skipped, and one warning is logged per interval instead of one per call. Errors that
 * are not outages (a value that cannot be deserialized, say) still propagate.
 */
public class FailSoftCacheErrorHandler implements CacheErrorHandler {

	private static final Log logger = LogFactory.getLog(FailSoftCacheErrorHandler.class);

	private final Predicate<Throwable> outage;

	private final RateLimitedWarning warning;

	/**
	 * Creates a handler.
	 * @param outage tells an outage from other errors
	 * @param warnInterval the shortest time between two warnings
	 */
	public FailSoftCacheErrorHandler(Predicate<Throwable> outage, Duration warnInterval) {
		this.outage = outage;
		this.warning = new RateLimitedWarning(logger, warnInterval);
	}

	@Override
	public void handleCacheGetError(RuntimeException exception, Cache cache, Object key) {
		skipOrThrow(exception, cache, "read (served as a miss)");
	}

	@Override
	public void handleCachePutError(RuntimeException exception, Cache cache, Object key, @Nullable Object value) {
		skipOrThrow(exception, cache, "write skipped");
	}

	@Override
	public void handleCacheEvictError(RuntimeException exception, Cache cache, Object key) {
		skipOrThrow(exception, cache, "evict skipped");
	}

	@Override
	public void handleCacheClearError(RuntimeException exception, Cache cache) {
		skipOrThrow(exception, cache, "clear skipped");
	}

	private void skipOrThrow(RuntimeException exception, Cache cache, String what) {
		if (!this.outage.test(exception)) {
			throw exception;
		}
		String cause = RedisRootCause.describe(exception);
		this.warning.warn(cause, "Redis unavailable for cache '" + cache.getName() + "', " + what + ": " + cause,
				exception);
	}

}
