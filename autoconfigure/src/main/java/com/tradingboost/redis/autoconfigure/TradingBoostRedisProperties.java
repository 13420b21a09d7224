package com.tradingboost.redis.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of the starter, bound from {@code tradingboost.redis.*}: the shared (primary) connection
 * factory, named instances, retry, metrics, cache, TTL presets.
 *
 * @see TradingBoostRedisAutoConfiguration
 */
@ConfigurationProperties("tradingboost.redis")
public class TradingBoostRedisProperties extends RedisInstanceProperties implements Validator {

	private final Retry retry = new Retry();

	private final Metrics metrics = new Metrics();

	private final Cache cache = new Cache();

	private final Ttl ttl = new Ttl();

	private final Json json = new Json();

	private final Web web = new Web();

	private final NearCache nearCache = new NearCache();

	/**
	 * Further Redis instances by name, each with its own connection factory, StringRedisTemplate (injectable with
	 * {@code @Qualifier("name")}), circuit breaker, health and meters; they take the same settings as the primary
	 * and start from the starter's defaults, not from the primary's values.
	 */
	private Map<String, RedisInstanceProperties> instances = new LinkedHashMap<>();

	public Retry getRetry() {
		return this.retry;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public Cache getCache() {
		return this.cache;
	}

	public Ttl getTtl() {
		return this.ttl;
	}

	public Json getJson() {
		return this.json;
	}

	public Web getWeb() {
		return this.web;
	}

	public NearCache getNearCache() {
		return this.nearCache;
	}

	public Map<String, RedisInstanceProperties> getInstances() {
		return this.instances;
	}

	public void setInstances(Map<String, RedisInstanceProperties> instances) {
		this.instances = instances;
	}

	@Override
	public boolean supports(Class<?> type) {
		return TradingBoostRedisProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		new TradingBoostRedisPropertiesValidator((TradingBoostRedisProperties) target, errors).validate();
	}
	/**
	 * Retry of commands that are safe to repeat, when their connection was lost or was not back yet and none of their
	 * reply had arrived; never past the command timeout, and never on a timeout; explicit
	 * resilience4j.retry.instances.redis.* properties win over these.
	 */
	public static class Retry {

		static final int DEFAULT_MAX_ATTEMPTS = 4;

		static final String DEFAULT_INITIAL_BACKOFF = "100ms";

		static final double DEFAULT_MULTIPLIER = 2.0;

		static final String DEFAULT_MAX_BACKOFF = "1s";

		/**
		 * Whether safe commands are retried when their connection was lost.
		 */
		private boolean enabled = true;

		/**
		 * Attempts in all, the first one included.
		 */
		private int maxAttempts = DEFAULT_MAX_ATTEMPTS;

		/**
		 * Wait before the first retry; with the defaults the waits (100 + 200 + 400 ms) span a reconnect.
		 */
		private Duration initialBackoff = Duration.ofMillis(100);

		/**
		 * Factor by which each wait grows.
		 */
		private double multiplier = DEFAULT_MULTIPLIER;

		/**
		 * Longest wait between attempts.
		 */
		private Duration maxBackoff = Duration.ofSeconds(1);

		/**
		 * Redis commands that are safe to repeat, in any case; writes are never in it by default because a write whose
		 * connection was lost may still have run.
		 */
		private List<String> commands = new ArrayList<>(List.of("GET", "MGET", "GETRANGE", "STRLEN", "EXISTS", "TYPE",
				"TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME", "HGET", "HMGET", "HGETALL", "HKEYS", "HVALS", "HLEN",
				"HEXISTS", "HSTRLEN", "HRANDFIELD", "LRANGE", "LINDEX", "LLEN", "LPOS", "SMEMBERS", "SISMEMBER",
				"SMISMEMBER", "SCARD", "SRANDMEMBER", "SINTER", "SUNION", "SDIFF", "ZRANGE", "ZRANGEBYSCORE",
				"ZREVRANGE", "ZREVRANGEBYSCORE", "ZRANGEBYLEX", "ZREVRANGEBYLEX", "ZSCORE", "ZMSCORE", "ZRANK",
				"ZREVRANK", "ZCARD", "ZCOUNT", "ZLEXCOUNT", "SCAN", "SSCAN", "HSCAN", "ZSCAN", "KEYS", "DBSIZE", "PING",
				"ECHO", "INFO", "TIME", "XLEN", "XRANGE", "XREVRANGE", "PFCOUNT", "GETBIT", "BITCOUNT", "BITPOS",
				"GEOPOS", "GEODIST", "GEOHASH", "GEOSEARCH", "EVALSHA_RO", "EVAL_RO", "FCALL_RO"));

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public List<String> getCommands() {
			return this.commands;
		}

		public void setCommands(List<String> commands) {
			this.commands = commands;
		}

	}

	/**
	 * The starter's Micrometer meters.
	 */
	public static class Metrics {

		/**
		 * Whether to publish the starter's meters (commands, pools, shared connection, server facts).
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Spring Cache on Redis.
	 */
	public static class Cache {

		/**
		 * TTL of caches without their own; used unless spring.cache.redis.time-to-live is set, so no entry lives
		 * forever.
		 */
		private Duration defaultTtl = Duration.ofMinutes(30);

		/**
		 * TTL per cache name, e.g. tradingboost.redis.cache.ttl.prices=1h.
		 */
		private Map<String, Duration> ttl = new LinkedHashMap<>();

		/**
		 * Prefix put before every cache key (before Spring Data's 'cacheName::').
		 */
		private @Nullable String keyPrefix;

		/**
		 * Whether cached methods keep working while Redis is unavailable: reads become misses, writes are skipped.
		 */
		private boolean failSoft = true;

		/**
		 * Shortest time between two warnings about cache operations skipped during an outage.
		 */
		private Duration warnInterval = Duration.ofMinutes(1);

		/**
		 * Keys per SCAN batch when a cache is cleared.
		 */
		private int clearBatchSize = 1000;

		public Duration getDefaultTtl() {
			return this.defaultTtl;
		}

		public void setDefaultTtl(Duration defaultTtl) {
			this.defaultTtl = defaultTtl;
		}

		public Map<String, Duration> getTtl() {
			return this.ttl;
		}

		public void setTtl(Map<String, Duration> ttl) {
			this.ttl = ttl;
		}

		public @Nullable String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(@Nullable String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public boolean isFailSoft() {
			return this.failSoft;
		}

		public void setFailSoft(boolean failSoft) {
			this.failSoft = failSoft;
		}

		public Duration getWarnInterval() {
			return this.warnInterval;
		}

		public void setWarnInterval(Duration warnInterval) {
			this.warnInterval = warnInterval;
		}

		public int getClearBatchSize() {
			return this.clearBatchSize;
		}

		public void setClearBatchSize(int clearBatchSize) {
			this.clearBatchSize = clearBatchSize;
		}

	}

	/**
	 * Named TTL presets, as the services this starter replaces used them.
	 */
	public static class Ttl {

		/**
		 * TTL of user data.
		 */
		private Duration userData = Duration.ofDays(30);

		/**
		 * TTL of a user session.
		 */
		private Duration userSession = Duration.ofDays(1);

		/**
		 * TTL of user settings.
		 */
		private Duration userSettings = Duration.ofDays(7);

		/**
		 * TTL of price data.
		 */
		private Duration priceData = Duration.ofHours(1);

		/**
		 * TTL of order data.
		 */
		private Duration orderData = Duration.ofDays(7);

		/**
		 * TTL of position data.
		 */
		private Duration positionData = Duration.ofDays(30);

		/**
		 * TTL of short-lived cache entries.
		 */
		private Duration cacheShort = Duration.ofMinutes(5);

		/**
		 * TTL of medium-lived cache entries.
		 */
		private Duration cacheMedium = Duration.ofMinutes(30);

		/**
		 * TTL of long-lived cache entries.
		 */
		private Duration cacheLong = Duration.ofHours(2);

		/**
		 * TTL of temporary data.
		 */
		private Duration tempData = Duration.ofMinutes(15);

		/**
		 * TTL of a lock.
		 */
		private Duration lockData = Duration.ofMinutes(1);

		public Duration getUserData() {
			return this.userData;
		}

		public void setUserData(Duration userData) {
			this.userData = userData;
		}

		public Duration getUserSession() {
			return this.userSession;
		}

		public void setUserSession(Duration userSession) {
			this.userSession = userSession;
		}

		public Duration getUserSettings() {
			return this.userSettings;
		}

		public void setUserSettings(Duration userSettings) {
			this.userSettings = userSettings;
		}

		public Duration getPriceData() {
			return this.priceData;
		}

		public void setPriceData(Duration priceData) {
			this.priceData = priceData;
		}

		public Duration getOrderData() {
			return this.orderData;
		}

		public void setOrderData(Duration orderData) {
			this.orderData = orderData;
		}

		public Duration getPositionData() {
			return this.positionData;
		}

		public void setPositionData(Duration positionData) {
			this.positionData = positionData;
		}

		public Duration getCacheShort() {
			return this.cacheShort;
		}

		public void setCacheShort(Duration cacheShort) {
			this.cacheShort = cacheShort;
		}

		public Duration getCacheMedium() {
			return this.cacheMedium;
		}

		public void setCacheMedium(Duration cacheMedium) {
			this.cacheMedium = cacheMedium;
		}

		public Duration getCacheLong() {
			return this.cacheLong;
		}

		public void setCacheLong(Duration cacheLong) {
			this.cacheLong = cacheLong;
		}

		public Duration getTempData() {
			return this.tempData;
		}

		public void setTempData(Duration tempData) {
			this.tempData = tempData;
		}

		public Duration getLockData() {
			return this.lockData;
		}

		public void setLockData(Duration lockData) {
			this.lockData = lockData;
		}

	}

	/**
	 * The {@code RedisTemplate<String, Object>} bean with JSON values.
	 */
	public static class Json {

		/**
		 * Packages, besides the application's own and java.*, whose classes may be read back from JSON values.
		 */
		private List<String> trustedPackages = new ArrayList<>();

		public List<String> getTrustedPackages() {
			return this.trustedPackages;
		}

		public void setTrustedPackages(List<String> trustedPackages) {
			this.trustedPackages = trustedPackages;
		}

	}

	/**
	 * How Spring MVC and WebFlux applications answer requests that fail because Redis is unavailable.
	 */
	public static class Web {

		/**
		 * Whether a request that fails because Redis is unavailable, and that the application does not handle
		 * itself, answers 503 with Retry-After and a problem detail instead of 500 with a logged stack trace.
		 */
		private boolean unavailableResponse = true;

		/**
		 * Retry-After of those 503 responses, in whole seconds (at least 1).
		 */
		private Duration retryAfter = Duration.ofSeconds(5);

		/**
		 * At most one warning per interval about such requests, with their counts; each stack trace is logged at
		 * DEBUG only.
		 */
		private Duration warnInterval = Duration.ofSeconds(10);

		public boolean isUnavailableResponse() {
			return this.unavailableResponse;
		}

		public void setUnavailableResponse(boolean unavailableResponse) {
			this.unavailableResponse = unavailableResponse;
		}

		public Duration getRetryAfter() {
			return this.retryAfter;
		}

		public void setRetryAfter(Duration retryAfter) {
			this.retryAfter = retryAfter;
		}

		public Duration getWarnInterval() {
			return this.warnInterval;
		}

		public void setWarnInterval(Duration warnInterval) {
			this.warnInterval = warnInterval;
		}

	}

	/**
	 * A near cache: an in-process copy (L1) of chosen Spring caches in front of Redis, kept coherent by Redis's
	 * client-side caching invalidations.
	 */
	public static class NearCache {

		/**
		 * Whether the caches named in 'caches' get an in-process L1 in front of Redis.
		 */
		private boolean enabled = false;

		/**
		 * Names of the Spring caches that get an L1, e.g. prices,risk.
		 */
		private Set<String> caches = new LinkedHashSet<>();

		/**
		 * Most entries each cache keeps in its L1; beyond it, those least likely to be read again are evicted.
		 */
		private long maximumSize = 10_000;

		/**
		 * Longest time an entry stays in L1 after it was read from Redis; unset, or longer than a cache's Redis TTL,
		 * means the cache's Redis TTL.
		 */
		private @Nullable Duration expireAfterWrite;

		/**
		 * Oldest L1 entry that may still be served while Redis is unavailable; 0 serves none.
		 */
		private Duration maxStale = Duration.ZERO;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Set<String> getCaches() {
			return this.caches;
		}

		public void setCaches(Set<String> caches) {
			this.caches = caches;
		}

		public long getMaximumSize() {
			return this.maximumSize;
		}

		public void setMaximumSize(long maximumSize) {
			this.maximumSize = maximumSize;
		}

		public @Nullable Duration getExpireAfterWrite() {
			return this.expireAfterWrite;
		}

		public void setExpireAfterWrite(@Nullable Duration expireAfterWrite) {
			this.expireAfterWrite = expireAfterWrite;
		}

		public Duration getMaxStale() {
			return this.maxStale;
		}

		public void setMaxStale(Duration maxStale) {
			this.maxStale = maxStale;
		}

	}

}
