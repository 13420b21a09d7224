package com.tradingboost.redis.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import com.tradingboost.redis.connection.RedisUrl;
import com.tradingboost.redis.connection.RedisUrlException;

import org.springframework.validation.Errors;

/**
 * Checks the rules of {@link TradingBoostRedisProperties} that binding alone cannot, naming the property and the rule.
 */
final class TradingBoostRedisPropertiesValidator {

	private static final Pattern INSTANCE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]*");

	private static final List<String> RESERVED_NAMES = List.of("server", "pool", "circuit-breaker", "primary",
			"near-cache");

	private final TradingBoostRedisProperties properties;

	private final Errors errors;

	TradingBoostRedisPropertiesValidator(TradingBoostRedisProperties properties, Errors errors) {
		this.properties = properties;
		this.errors = errors;
	}

	void validate() {
		validateInstance(this.properties, "");
		this.properties.getInstances().forEach((name, instance) -> {
			if (RESERVED_NAMES.contains(name)) {
				this.errors.rejectValue("instances", "name", "name '" + name + "' is reserved (" + RESERVED_NAMES
						+ " are the primary's health details)");
			}
			else if (!INSTANCE_NAME.matcher(name).matches()) {
				this.errors.rejectValue("instances", "name", "name '" + name
						+ "' must start with a letter and contain only letters, digits and '-'");
			}
			validateInstance(instance, "instances[" + name + "].");
		});
		validateRetry(this.properties.getRetry());
		validateCache(this.properties.getCache());
		validateTtl(this.properties.getTtl());
		validateNearCache(this.properties.getNearCache());
	}

	private void validateNearCache(TradingBoostRedisProperties.NearCache nearCache) {
		if (nearCache.isEnabled() && nearCache.getCaches().isEmpty()) {
			this.errors.rejectValue("near-cache.caches", "empty",
					"must name at least one cache when near-cache.enabled is true");
		}
		if (nearCache.getCaches().stream().anyMatch((name) -> name == null || name.isBlank())) {
			this.errors.rejectValue("near-cache.caches", "blank", "must not contain an empty name");
		}
		if (nearCache.getMaximumSize() < 1) {
			this.errors.rejectValue("near-cache.maximum-size", "positive", "must be at least 1");
		}
		if (nearCache.getExpireAfterWrite() != null) {
			positive("near-cache.expire-after-write", nearCache.getExpireAfterWrite());
		}
		notNegative("near-cache.max-stale", nearCache.getMaxStale());
	}

	private void validateInstance(RedisInstanceProperties instance, String path) {
		validateConnection(instance, path);
		validateTopology(instance, path);
		positive(path + "connect-timeout", instance.getConnectTimeout());
		positive(path + "command-timeout", instance.getCommandTimeout());
		notNegative(path + "shutdown-timeout", instance.getShutdownTimeout());
		positive(path + "health-check-interval", instance.getHealthCheckInterval());
		validatePool(instance.getPool(), path);
		validateLettuce(instance.getLettuce(), path);
		positive(path + "health.probe-timeout", instance.getHealth().getProbeTimeout());
		positive(path + "health.latency-threshold", instance.getHealth().getLatencyThreshold());
		validateBreaker(instance.getCircuitBreaker(), path);
	}

	private void validateTopology(RedisInstanceProperties instance, String path) {
		RedisInstanceProperties.Sentinel sentinel = instance.getSentinel();
		if (sentinel.getMaster() != null && sentinel.getMaster().isBlank()) {
			this.errors.rejectValue(path + "sentinel.master", "empty", "must not be empty");
		}
		if (sentinel.getMaster() != null && sentinel.getNodes().isEmpty()) {
			this.errors.rejectValue(path + "sentinel.nodes", "empty",
					"must name at least one sentinel (host:port) when sentinel.master is set");
		}
		if (sentinel.getMaster() == null
				&& (!sentinel.getNodes().isEmpty() || sentinel.getUsername() != null || sentinel.getPassword() != null)) {
			this.errors.rejectValue(path + "sentinel.master", "empty",
					"must be set when other sentinel.* properties are (the name of the master the sentinels monitor)");
		}
		if (instance.getCluster().getMaxRedirects() != null && instance.getCluster().getNodes().isEmpty()) {
			this.errors.rejectValue(path + "cluster.nodes", "empty",
					"must name at least one node (host:port) when cluster.max-redirects is set");
		}
		nodes(path + "sentinel.nodes", sentinel.getNodes());
		nodes(path + "cluster.nodes", instance.getCluster().getNodes());
		nodes(path + "master-replica.nodes", instance.getMasterReplica().getNodes());
		Integer maxRedirects = instance.getCluster().getMaxRedirects();
		if (maxRedirects != null && maxRedirects < 0) {
			this.errors.rejectValue(path + "cluster.max-redirects", "negative", "must not be negative");
		}
		positive(path + "cluster.refresh.period", instance.getCluster().getRefresh().getPeriod());
		if (instance.getReadFrom() != null) {
			try {
				LettuceClientConfigurationFactory.readFrom(instance.getReadFrom());
			}
			catch (IllegalArgumentException ex) {
				this.errors.rejectValue(path + "read-from", "unknown", "must be one of master, master-preferred,"
						+ " replica, replica-preferred, lowest-latency, any, any-replica, subnet:<cidr>, regex:<pattern>");
			}
		}
	}

	private void nodes(String property, List<String> nodes) {
		for (String node : nodes) {
			try {
				PropertiesRedisConnectionDetails.node(node.trim());
			}
			catch (IllegalArgumentException ex) {
				this.errors.rejectValue(property, "node", "entry " + ex.getMessage());
			}
		}
	}

	private void validateCache(TradingBoostRedisProperties.Cache cache) {
		positive("cache.default-ttl", cache.getDefaultTtl());
		positive("cache.warn-interval", cache.getWarnInterval());
		atLeastOne("cache.clear-batch-size", cache.getClearBatchSize());
		cache.getTtl().forEach((name, ttl) -> {
			if (!isPositive(ttl)) {
				this.errors.reject("ttl", "tradingboost.redis.cache.ttl." + name + " must be a positive duration");
			}
		});
	}

	private void validateTtl(TradingBoostRedisProperties.Ttl ttl) {
		positive("ttl.user-data", ttl.getUserData());
		positive("ttl.user-session", ttl.getUserSession());
		positive("ttl.user-settings", ttl.getUserSettings());
		positive("ttl.price-data", ttl.getPriceData());
		positive("ttl.order-data", ttl.getOrderData());
		positive("ttl.position-data", ttl.getPositionData());
		positive("ttl.cache-short", ttl.getCacheShort());
		positive("ttl.cache-medium", ttl.getCacheMedium());
		positive("ttl.cache-long", ttl.getCacheLong());
		positive("ttl.temp-data", ttl.getTempData());
		positive("ttl.lock-data", ttl.getLockData());
	}

	private void validateBreaker(RedisInstanceProperties.CircuitBreaker breaker, String path) {
		atLeastOne(path + "circuit-breaker.failure-threshold", breaker.getFailureThreshold());
		positive(path + "circuit-breaker.recovery-timeout", breaker.getRecoveryTimeout());
		atLeastOne(path + "circuit-breaker.half-open-calls", breaker.getHalfOpenCalls());
		positive(path + "circuit-breaker.probe-interval", breaker.getProbeInterval());
		atLeastOne(path + "circuit-breaker.history-size", breaker.getHistorySize());
	}

	private void validateRetry(TradingBoostRedisProperties.Retry retry) {
		atLeastOne("retry.max-attempts", retry.getMaxAttempts());
		positive("retry.initial-backoff", retry.getInitialBackoff());
		positive("retry.max-backoff", retry.getMaxBackoff());
		if (retry.getMultiplier() < 1) {
			this.errors.rejectValue("retry.multiplier", "range", "must be at least 1");
		}
	}

	private void atLeastOne(String property, int value) {
		if (value < 1) {
			this.errors.rejectValue(property, "positive", "must be at least 1");
		}
	}

	private void validateConnection(RedisInstanceProperties instance, String path) {
		if (instance.hasUrl()) {
			try {
				instance.parsedUrl();
			}
			catch (RedisUrlException ex) {
				// A global error: the analyzer would print a field's rejected value, and the URL may hold a password.
				this.errors.reject("url", "tradingboost.redis." + path + "url " + ex.getMessage() + " (value: "
						+ RedisUrl.mask(instance.getUrl()) + ")");
			}
		}
		if (instance.getHost() == null || instance.getHost().isBlank()) {
			this.errors.rejectValue(path + "host", "empty", "must not be empty");
		}
		if (instance.getPort() < 1 || instance.getPort() > 65535) {
			this.errors.rejectValue(path + "port", "range", "must be between 1 and 65535");
		}
		if (instance.getDatabase() < 0) {
			this.errors.rejectValue(path + "database", "negative", "must not be negative");
		}
	}

	/** Pool sizes and waits keep Spring Boot's meanings: a negative size is no limit, a negative wait forever. */
	private void validatePool(RedisInstanceProperties.Pool pool, String path) {
		if (pool.getMaxActive() == 0) {
			this.errors.rejectValue(path + "pool.max-active", "zero", "must not be 0 (a negative value means no limit)");
		}
		if (pool.getMaxIdle() == 0) {
			this.errors.rejectValue(path + "pool.max-idle", "zero",
					"must not be 0 (a negative value means no limit; pool.enabled=false opens a connection per use)");
		}
		if (pool.getMinIdle() < 0) {
			this.errors.rejectValue(path + "pool.min-idle", "negative", "must not be negative");
		}
		else if (pool.getMaxActive() > 0 && pool.getMinIdle() > pool.getMaxActive()) {
			this.errors.rejectValue(path + "pool.min-idle", "range",
					"must not be greater than pool.max-active (" + pool.getMaxActive() + ")");
		}
		if (pool.getMaxWait() == null) {
			this.errors.rejectValue(path + "pool.max-wait", "empty", "must not be empty");
		}
		if (pool.getTimeBetweenEvictionRuns() == null) {
			this.errors.rejectValue(path + "pool.time-between-eviction-runs", "empty", "must not be empty");
		}
		positive(path + "pool.idle-timeout", pool.getIdleTimeout());
	}

	private void validateLettuce(RedisInstanceProperties.Lettuce lettuce, String path) {
		if (lettuce.getDisconnectedBehavior() == null) {
			this.errors.rejectValue(path + "lettuce.disconnected-behavior", "empty", "must not be empty");
		}
		RedisInstanceProperties.ReconnectDelay delay = lettuce.getReconnectDelay();
		positive(path + "lettuce.reconnect-delay.min", delay.getMin());
		positive(path + "lettuce.reconnect-delay.max", delay.getMax());
		if (isPositive(delay.getMin()) && isPositive(delay.getMax()) && delay.getMax().compareTo(delay.getMin()) <= 0) {
			this.errors.rejectValue(path + "lettuce.reconnect-delay.max", "range",
					"must be greater than lettuce.reconnect-delay.min (" + delay.getMin() + ")");
		}
		RedisInstanceProperties.KeepAlive keepAlive = lettuce.getKeepAlive();
		positive(path + "lettuce.keep-alive.idle", keepAlive.getIdle());
		positive(path + "lettuce.keep-alive.interval", keepAlive.getInterval());
		atLeastOne(path + "lettuce.keep-alive.count", keepAlive.getCount());
		positive(path + "lettuce.tcp-user-timeout.timeout", lettuce.getTcpUserTimeout().getTimeout());
	}

	private void positive(String property, Duration value) {
		if (!isPositive(value)) {
			this.errors.rejectValue(property, "positive", "must be a positive duration");
		}
	}

	private void notNegative(String property, Duration value) {
		if (value == null || value.isNegative()) {
			this.errors.rejectValue(property, "negative", "must not be negative");
		}
	}

	private static boolean isPositive(Duration value) {
		return value != null && !value.isNegative() && !value.isZero();
	}

}
