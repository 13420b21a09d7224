package com.tradingboost.redis.autoconfigure;

import java.time.Duration;

import com.tradingboost.redis.connection.RedisUrl;
import com.tradingboost.redis.connection.RedisUrlException;

import org.springframework.validation.Errors;

/**
 * Checks the rules of {@link TradingBoostRedisProperties} that binding alone cannot, naming the property and the rule.
 */
final class TradingBoostRedisPropertiesValidator {

	private final TradingBoostRedisProperties properties;

	private final Errors errors;

	TradingBoostRedisPropertiesValidator(TradingBoostRedisProperties properties, Errors errors) {
		this.properties = properties;
		this.errors = errors;
	}

	void validate() {
		validateConnection();
		positive("connect-timeout", this.properties.getConnectTimeout());
		positive("command-timeout", this.properties.getCommandTimeout());
		notNegative("shutdown-timeout", this.properties.getShutdownTimeout());
		positive("health-check-interval", this.properties.getHealthCheckInterval());
		validatePool(this.properties.getPool());
		validateLettuce(this.properties.getLettuce());
		positive("health.probe-timeout", this.properties.getHealth().getProbeTimeout());
		positive("health.latency-threshold", this.properties.getHealth().getLatencyThreshold());
		validateResilience(this.properties.getCircuitBreaker(), this.properties.getRetry());
		validateCache(this.properties.getCache());
		validateTtl(this.properties.getTtl());
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

	private void validateResilience(TradingBoostRedisProperties.CircuitBreaker breaker,
			TradingBoostRedisProperties.Retry retry) {
		atLeastOne("circuit-breaker.failure-threshold", breaker.getFailureThreshold());
		positive("circuit-breaker.recovery-timeout", breaker.getRecoveryTimeout());
		atLeastOne("circuit-breaker.half-open-calls", breaker.getHalfOpenCalls());
		positive("circuit-breaker.probe-interval", breaker.getProbeInterval());
		atLeastOne("circuit-breaker.history-size", breaker.getHistorySize());
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

	private void validateConnection() {
		if (this.properties.hasUrl()) {
			try {
				this.properties.parsedUrl();
			}
			catch (RedisUrlException ex) {
				// A global error: the analyzer would print a field's rejected value, and the URL may hold a password.
				this.errors.reject("url", "tradingboost.redis.url " + ex.getMessage() + " (value: "
						+ RedisUrl.mask(this.properties.getUrl()) + ")");
			}
		}
		if (this.properties.getHost() == null || this.properties.getHost().isBlank()) {
			this.errors.rejectValue("host", "empty", "must not be empty");
		}
		if (this.properties.getPort() < 1 || this.properties.getPort() > 65535) {
			this.errors.rejectValue("port", "range", "must be between 1 and 65535");
		}
		if (this.properties.getDatabase() < 0) {
			this.errors.rejectValue("database", "negative", "must not be negative");
		}
	}

	private void validatePool(TradingBoostRedisProperties.Pool pool) {
		atLeastOne("pool.max-active", pool.getMaxActive());
		if (pool.getMaxIdle() < 0) {
			this.errors.rejectValue("pool.max-idle", "negative", "must not be negative");
		}
		if (pool.getMinIdle() < 0) {
			this.errors.rejectValue("pool.min-idle", "negative", "must not be negative");
		}
		else if (pool.getMinIdle() > pool.getMaxActive()) {
			this.errors.rejectValue("pool.min-idle", "range",
					"must not be greater than pool.max-active (" + pool.getMaxActive() + ")");
		}
		else if (pool.getMinIdle() > pool.getMaxIdle()) {
			this.errors.rejectValue("pool.min-idle", "range",
					"must not be greater than pool.max-idle (" + pool.getMaxIdle() + ")");
		}
		positive("pool.max-wait", pool.getMaxWait());
		positive("pool.time-between-eviction-runs", pool.getTimeBetweenEvictionRuns());
		positive("pool.idle-timeout", pool.getIdleTimeout());
	}

	private void validateLettuce(TradingBoostRedisProperties.Lettuce lettuce) {
		if (lettuce.getDisconnectedBehavior() == null) {
			this.errors.rejectValue("lettuce.disconnected-behavior", "empty", "must not be empty");
		}
		TradingBoostRedisProperties.ReconnectDelay delay = lettuce.getReconnectDelay();
		positive("lettuce.reconnect-delay.min", delay.getMin());
		positive("lettuce.reconnect-delay.max", delay.getMax());
		if (isPositive(delay.getMin()) && isPositive(delay.getMax()) && delay.getMax().compareTo(delay.getMin()) <= 0) {
			this.errors.rejectValue("lettuce.reconnect-delay.max", "range",
					"must be greater than lettuce.reconnect-delay.min (" + delay.getMin() + ")");
		}
		TradingBoostRedisProperties.KeepAlive keepAlive = lettuce.getKeepAlive();
		positive("lettuce.keep-alive.idle", keepAlive.getIdle());
		positive("lettuce.keep-alive.interval", keepAlive.getInterval());
		atLeastOne("lettuce.keep-alive.count", keepAlive.getCount());
		positive("lettuce.tcp-user-timeout.timeout", lettuce.getTcpUserTimeout().getTimeout());
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
