package com.tradingboost.redis.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import org.jspecify.annotations.Nullable;

import com.tradingboost.redis.connection.RedisUrl;
import com.tradingboost.redis.connection.RedisUrlException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of the shared Redis connection factory, bound from {@code tradingboost.redis.*}.
 *
 * @see TradingBoostRedisAutoConfiguration
 */
@ConfigurationProperties("tradingboost.redis")
public class TradingBoostRedisProperties implements Validator {

	/**
	 * Connection URL (redis:// or rediss://, with optional user, password and database); overrides host, port,
	 * database, username and password.
	 */
	private @Nullable String url;

	/**
	 * Redis server host.
	 */
	private String host = "localhost";

	/**
	 * Redis server port.
	 */
	private int port = 6379;

	/**
	 * Database index.
	 */
	private int database = 0;

	/**
	 * Login username (Redis 6 ACL).
	 */
	private @Nullable String username;

	/**
	 * Login password; never logged or exposed.
	 */
	private @Nullable String password;

	/**
	 * Client name sent with CLIENT SETNAME on every connection.
	 */
	private @Nullable String clientName;

	/**
	 * Maximum time to establish a TCP connection.
	 */
	private Duration connectTimeout = Duration.ofSeconds(5);

	/**
	 * Maximum time a command waits for its reply before it fails with a timeout.
	 */
	private Duration commandTimeout = Duration.ofSeconds(3);

	/**
	 * Maximum time in-flight commands get to finish when the application stops, before connections are closed.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(2);

	/**
	 * Whether ordinary commands share one multiplexed native connection; the pool then serves only dedicated
	 * connections (transactions, pipelines, blocking commands, pub/sub).
	 */
	private boolean shareNativeConnection = true;

	/**
	 * Interval between background health checks (PING) of the Redis server.
	 */
	private Duration healthCheckInterval = Duration.ofSeconds(15);

	private final Ssl ssl = new Ssl();

	private final Pool pool = new Pool();

	private final Lettuce lettuce = new Lettuce();

	private final Health health = new Health();

	private final CircuitBreaker circuitBreaker = new CircuitBreaker();

	private final Retry retry = new Retry();

	private final Metrics metrics = new Metrics();

	private final Cache cache = new Cache();

	private final Ttl ttl = new Ttl();

	public @Nullable String getUrl() {
		return this.url;
	}

	public void setUrl(@Nullable String url) {
		this.url = url;
	}

	public String getHost() {
		return this.host;
	}

	public void setHost(String host) {
		this.host = host;
	}

	public int getPort() {
		return this.port;
	}

	public void setPort(int port) {
		this.port = port;
	}

	public int getDatabase() {
		return this.database;
	}

	public void setDatabase(int database) {
		this.database = database;
	}

	public @Nullable String getUsername() {
		return this.username;
	}

	public void setUsername(@Nullable String username) {
		this.username = username;
	}

	public @Nullable String getPassword() {
		return this.password;
	}

	public void setPassword(@Nullable String password) {
		this.password = password;
	}

	public @Nullable String getClientName() {
		return this.clientName;
	}

	public void setClientName(@Nullable String clientName) {
		this.clientName = clientName;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getCommandTimeout() {
		return this.commandTimeout;
	}

	public void setCommandTimeout(Duration commandTimeout) {
		this.commandTimeout = commandTimeout;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public boolean isShareNativeConnection() {
		return this.shareNativeConnection;
	}

	public void setShareNativeConnection(boolean shareNativeConnection) {
		this.shareNativeConnection = shareNativeConnection;
	}

	public Duration getHealthCheckInterval() {
		return this.healthCheckInterval;
	}

	public void setHealthCheckInterval(Duration healthCheckInterval) {
		this.healthCheckInterval = healthCheckInterval;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	public Pool getPool() {
		return this.pool;
	}

	public Lettuce getLettuce() {
		return this.lettuce;
	}

	public Health getHealth() {
		return this.health;
	}

	public CircuitBreaker getCircuitBreaker() {
		return this.circuitBreaker;
	}

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

	@Override
	public boolean supports(Class<?> type) {
		return TradingBoostRedisProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		new TradingBoostRedisPropertiesValidator((TradingBoostRedisProperties) target, errors).validate();
	}

	/**
	 * SSL settings.
	 */
	public static class Ssl {

		/**
		 * Whether to use SSL; defaults to true when a bundle is set or the URL scheme is rediss.
		 */
		private @Nullable Boolean enabled;

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.*) holding the trust and key material.
		 */
		private @Nullable String bundle;

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public boolean isEnabled() {
			return (this.enabled != null) ? this.enabled : this.bundle != null;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

	}

	/**
	 * Pool of dedicated connections (commons-pool2).
	 */
	public static class Pool {

		/**
		 * Maximum number of connections the pool hands out at once.
		 */
		private int maxActive = 200;

		/**
		 * Maximum number of idle connections kept; as high as max-active so that bursts reuse connections instead of
		 * closing and reopening them.
		 */
		private int maxIdle = 200;

		/**
		 * Minimum number of idle connections the evictor keeps open.
		 */
		private int minIdle = 0;

		/**
		 * Maximum time a caller waits for a connection when the pool is exhausted; always finite.
		 */
		private Duration maxWait = Duration.ofSeconds(4);

		/**
		 * Interval between runs of the idle-connection evictor.
		 */
		private Duration timeBetweenEvictionRuns = Duration.ofSeconds(30);

		/**
		 * Time a connection may stay idle before the evictor closes it (min-idle connections are kept).
		 */
		private Duration idleTimeout = Duration.ofMinutes(1);

		public int getMaxActive() {
			return this.maxActive;
		}

		public void setMaxActive(int maxActive) {
			this.maxActive = maxActive;
		}

		public int getMaxIdle() {
			return this.maxIdle;
		}

		public void setMaxIdle(int maxIdle) {
			this.maxIdle = maxIdle;
		}

		public int getMinIdle() {
			return this.minIdle;
		}

		public void setMinIdle(int minIdle) {
			this.minIdle = minIdle;
		}

		public Duration getMaxWait() {
			return this.maxWait;
		}

		public void setMaxWait(Duration maxWait) {
			this.maxWait = maxWait;
		}

		public Duration getTimeBetweenEvictionRuns() {
			return this.timeBetweenEvictionRuns;
		}

		public void setTimeBetweenEvictionRuns(Duration timeBetweenEvictionRuns) {
			this.timeBetweenEvictionRuns = timeBetweenEvictionRuns;
		}

		public Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

	}

	/**
	 * Lettuce client options.
	 */
	public static class Lettuce {

		/**
		 * What commands do while the connection is down: REJECT_COMMANDS fails them at once instead of buffering
		 * them for a replay after the caller has given up.
		 */
		private DisconnectedBehavior disconnectedBehavior = DisconnectedBehavior.REJECT_COMMANDS;

		/**
		 * Whether to reconnect automatically after a connection loss.
		 */
		private boolean autoReconnect = true;

		private final ReconnectDelay reconnectDelay = new ReconnectDelay();

		private final KeepAlive keepAlive = new KeepAlive();

		private final TcpUserTimeout tcpUserTimeout = new TcpUserTimeout();

		public DisconnectedBehavior getDisconnectedBehavior() {
			return this.disconnectedBehavior;
		}

		public void setDisconnectedBehavior(DisconnectedBehavior disconnectedBehavior) {
			this.disconnectedBehavior = disconnectedBehavior;
		}

		public boolean isAutoReconnect() {
			return this.autoReconnect;
		}

		public void setAutoReconnect(boolean autoReconnect) {
			this.autoReconnect = autoReconnect;
		}

		public ReconnectDelay getReconnectDelay() {
			return this.reconnectDelay;
		}

		public KeepAlive getKeepAlive() {
			return this.keepAlive;
		}

		public TcpUserTimeout getTcpUserTimeout() {
			return this.tcpUserTimeout;
		}

	}

	/**
	 * Bounds of the exponential delay between reconnect attempts.
	 */
	public static class ReconnectDelay {

		/**
		 * Delay before the first reconnect attempt.
		 */
		private Duration min = Duration.ofMillis(100);

		/**
		 * Upper bound of the delay between reconnect attempts; short, so service resumes about a second after Redis
		 * is back.
		 */
		private Duration max = Duration.ofSeconds(1);

		public Duration getMin() {
			return this.min;
		}

		public void setMin(Duration min) {
			this.min = min;
		}

		public Duration getMax() {
			return this.max;
		}

		public void setMax(Duration max) {
			this.max = max;
		}

	}

	/**
	 * TCP keep-alive probes, so an idle connection to a vanished peer is noticed.
	 */
	public static class KeepAlive {

		/**
		 * Whether to send TCP keep-alive probes.
		 */
		private boolean enabled = true;

		/**
		 * Idle time before the first keep-alive probe.
		 */
		private Duration idle = Duration.ofSeconds(10);

		/**
		 * Time between keep-alive probes.
		 */
		private Duration interval = Duration.ofSeconds(5);

		/**
		 * Number of unanswered probes after which the connection is dropped.
		 */
		private int count = 3;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getIdle() {
			return this.idle;
		}

		public void setIdle(Duration idle) {
			this.idle = idle;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public int getCount() {
			return this.count;
		}

		public void setCount(int count) {
			this.count = count;
		}

	}

	/**
	 * TCP_USER_TIMEOUT, so a connection with unacknowledged data to a dead peer is dropped in seconds; applied only
	 * where a native transport (epoll or io_uring) is available.
	 */
	public static class TcpUserTimeout {

		/**
		 * Whether to set TCP_USER_TIMEOUT when a native transport is available.
		 */
		private boolean enabled = true;

		/**
		 * Maximum time transmitted data may stay unacknowledged before the connection is dropped.
		 */
		private Duration timeout = Duration.ofSeconds(10);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * Background health monitor and health endpoint settings.
	 */
	public static class Health {

		/**
		 * Maximum time the background PING (and INFO) may take before the check counts as failed.
		 */
		private Duration probeTimeout = Duration.ofSeconds(1);

		/**
		 * Health-check latency above which the details report Redis as degraded; the status stays UP.
		 */
		private Duration latencyThreshold = Duration.ofMillis(100);

		/**
		 * Whether to define the Kubernetes health groups 'ready' (readiness state and Redis) and 'live' (liveness
		 * state only); management.endpoint.health.group.* settings always win.
		 */
		private boolean probeGroups = true;

		public Duration getProbeTimeout() {
			return this.probeTimeout;
		}

		public void setProbeTimeout(Duration probeTimeout) {
			this.probeTimeout = probeTimeout;
		}

		public Duration getLatencyThreshold() {
			return this.latencyThreshold;
		}

		public void setLatencyThreshold(Duration latencyThreshold) {
			this.latencyThreshold = latencyThreshold;
		}

		public boolean isProbeGroups() {
			return this.probeGroups;
		}

		public void setProbeGroups(boolean probeGroups) {
			this.probeGroups = probeGroups;
		}

	}

	/**
	 * Circuit breaker in front of every Redis command; explicit
	 * resilience4j.circuitbreaker.instances.redis.* properties win over these.
	 */
	public static class CircuitBreaker {

		static final int DEFAULT_FAILURE_THRESHOLD = 5;

		static final String DEFAULT_RECOVERY_TIMEOUT = "60s";

		static final int DEFAULT_HALF_OPEN_CALLS = 3;

		/**
		 * Whether commands pass a circuit breaker.
		 */
		private boolean enabled = true;

		/**
		 * Consecutive failed calls (connection failures, timeouts, rejections) that open the breaker.
		 */
		private int failureThreshold = DEFAULT_FAILURE_THRESHOLD;

		/**
		 * Time the breaker stays open before it lets trial calls through, unless a health probe succeeds first.
		 */
		private Duration recoveryTimeout = Duration.ofSeconds(60);

		/**
		 * Trial calls let through while half-open.
		 */
		private int halfOpenCalls = DEFAULT_HALF_OPEN_CALLS;

		/**
		 * Health-check interval while the breaker is open or half-open.
		 */
		private Duration probeInterval = Duration.ofSeconds(1);

		/**
		 * Number of state transitions the breaker endpoint shows.
		 */
		private int historySize = 20;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getFailureThreshold() {
			return this.failureThreshold;
		}

		public void setFailureThreshold(int failureThreshold) {
			this.failureThreshold = failureThreshold;
		}

		public Duration getRecoveryTimeout() {
			return this.recoveryTimeout;
		}

		public void setRecoveryTimeout(Duration recoveryTimeout) {
			this.recoveryTimeout = recoveryTimeout;
		}

		public int getHalfOpenCalls() {
			return this.halfOpenCalls;
		}

		public void setHalfOpenCalls(int halfOpenCalls) {
			this.halfOpenCalls = halfOpenCalls;
		}

		public Duration getProbeInterval() {
			return this.probeInterval;
		}

		public void setProbeInterval(Duration probeInterval) {
			this.probeInterval = probeInterval;
		}

		public int getHistorySize() {
			return this.historySize;
		}

		public void setHistorySize(int historySize) {
			this.historySize = historySize;
		}

	}

	/**
	 * Retry of commands that are safe to repeat, inside the circuit breaker; explicit
	 * resilience4j.retry.instances.redis.* properties win over these.
	 */
	public static class Retry {

		static final int DEFAULT_MAX_ATTEMPTS = 3;

		static final String DEFAULT_INITIAL_BACKOFF = "8ms";

		static final double DEFAULT_MULTIPLIER = 2.0;

		static final String DEFAULT_MAX_BACKOFF = "512ms";

		/**
		 * Whether safe commands are retried on connection failures and timeouts.
		 */
		private boolean enabled = true;

		/**
		 * Attempts in all, the first one included.
		 */
		private int maxAttempts = DEFAULT_MAX_ATTEMPTS;

		/**
		 * Wait before the first retry.
		 */
		private Duration initialBackoff = Duration.ofMillis(8);

		/**
		 * Factor by which each wait grows.
		 */
		private double multiplier = DEFAULT_MULTIPLIER;

		/**
		 * Longest wait between attempts.
		 */
		private Duration maxBackoff = Duration.ofMillis(512);

		/**
		 * Commands that are safe to repeat, matched without case against the Spring Data Redis connection method
		 * (GET, HGETALL, ZRANGEWITHSCORES); writes are never in it by default because a write that timed out may
		 * still have run.
		 */
		private List<String> commands = new ArrayList<>(List.of("GET", "MGET", "GETRANGE", "STRLEN", "EXISTS", "TYPE",
				"TTL", "PTTL", "EXPIRETIME", "HGET", "HMGET", "HGETALL", "HKEYS", "HVALS", "HLEN", "HEXISTS", "HSTRLEN",
				"LRANGE", "LINDEX", "LLEN", "SMEMBERS", "SISMEMBER", "SMISMEMBER", "SCARD", "SRANDMEMBER", "ZRANGE",
				"ZRANGEBYSCORE", "ZREVRANGE", "ZREVRANGEBYSCORE", "ZRANGEWITHSCORES", "ZRANGEBYSCOREWITHSCORES",
				"ZREVRANGEWITHSCORES", "ZREVRANGEBYSCOREWITHSCORES", "ZRANGEBYLEX", "HRANDFIELD", "SINTER", "SUNION",
				"SDIFF", "ZSCORE", "ZMSCORE", "ZRANK", "ZREVRANK", "ZCARD",
				"ZCOUNT", "SCAN", "SSCAN", "HSCAN", "ZSCAN", "KEYS", "DBSIZE", "PING", "INFO", "TIME", "XLEN", "XRANGE",
				"XREVRANGE", "PFCOUNT", "GETBIT", "BITCOUNT", "GEOPOS", "GEODIST"));

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

	boolean hasUrl() {
		return StringUtils.hasText(this.url);
	}

	RedisUrl parsedUrl() throws RedisUrlException {
		return RedisUrl.parse(this.url);
	}

}
