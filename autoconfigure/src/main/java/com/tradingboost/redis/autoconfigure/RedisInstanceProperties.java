package com.tradingboost.redis.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import org.jspecify.annotations.Nullable;

import com.tradingboost.redis.connection.RedisUrl;
import com.tradingboost.redis.connection.RedisUrlException;

import org.springframework.util.StringUtils;

/**
 * Settings of one Redis connection factory: where Redis is (standalone, Sentinel, Cluster or master/replica), the
 * pool, timeouts, Lettuce options, health checks and circuit breaker; the primary factory and each named instance
 * have their own.
 */
public class RedisInstanceProperties {

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
	/**
	 * Where reads go, by Lettuce's name (master, master-preferred, replica, replica-preferred, lowest-latency, any,
	 * any-replica, or subnet:/regex: with a value); by default reads go to the master.
	 */
	private @Nullable String readFrom;

	private final Sentinel sentinel = new Sentinel();

	private final Cluster cluster = new Cluster();

	private final MasterReplica masterReplica = new MasterReplica();

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

	public @Nullable String getReadFrom() {
		return this.readFrom;
	}

	public void setReadFrom(@Nullable String readFrom) {
		this.readFrom = readFrom;
	}

	public Sentinel getSentinel() {
		return this.sentinel;
	}

	public Cluster getCluster() {
		return this.cluster;
	}

	public MasterReplica getMasterReplica() {
		return this.masterReplica;
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
		 * Whether dedicated connections (transactions, pipelines, blocking commands) come from a pool; without one
		 * each opens a connection of its own.
		 */
		private boolean enabled = true;

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

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
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

		/**
		 * Whether the flushes of commands written together by many threads to one connection go out as one write
		 * (Netty's FlushConsolidationHandler); set on the shared client resources, so the primary's value applies to
		 * every instance.
		 */
		private boolean consolidateFlushes = true;

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

		public boolean isConsolidateFlushes() {
			return this.consolidateFlushes;
		}

		public void setConsolidateFlushes(boolean consolidateFlushes) {
			this.consolidateFlushes = consolidateFlushes;
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
		 * Health-check interval while the breaker is open or half-open, or the last health check failed.
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
	 * Redis Sentinel: used instead of host and port when a master name is set.
	 */
	public static class Sentinel {

		/**
		 * Name of the master the sentinels monitor.
		 */
		private @Nullable String master;

		/**
		 * Sentinel nodes as host:port pairs.
		 */
		private List<String> nodes = new ArrayList<>();

		/**
		 * Login username for the sentinels (the data nodes use username).
		 */
		private @Nullable String username;

		/**
		 * Login password for the sentinels; never logged or exposed.
		 */
		private @Nullable String password;

		public @Nullable String getMaster() {
			return this.master;
		}

		public void setMaster(@Nullable String master) {
			this.master = master;
		}

		public List<String> getNodes() {
			return this.nodes;
		}

		public void setNodes(List<String> nodes) {
			this.nodes = nodes;
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

	}

	/**
	 * Redis Cluster: used instead of host and port when nodes are set.
	 */
	public static class Cluster {

		/**
		 * Seed nodes as host:port pairs; the client discovers the others.
		 */
		private List<String> nodes = new ArrayList<>();

		/**
		 * Maximum number of MOVED or ASK redirects a command follows; Lettuce's default when unset.
		 */
		private @Nullable Integer maxRedirects;

		private final Refresh refresh = new Refresh();

		public List<String> getNodes() {
			return this.nodes;
		}

		public void setNodes(List<String> nodes) {
			this.nodes = nodes;
		}

		public @Nullable Integer getMaxRedirects() {
			return this.maxRedirects;
		}

		public void setMaxRedirects(@Nullable Integer maxRedirects) {
			this.maxRedirects = maxRedirects;
		}

		public Refresh getRefresh() {
			return this.refresh;
		}

	}

	/**
	 * Cluster topology refresh, so a failover is followed within seconds.
	 */
	public static class Refresh {

		/**
		 * Interval of the periodic topology refresh.
		 */
		private Duration period = Duration.ofSeconds(5);

		/**
		 * Whether MOVED/ASK redirects, repeated reconnects and unknown nodes trigger a refresh at once.
		 */
		private boolean adaptive = true;

		/**
		 * Whether every known node, not only the seed nodes, is asked for the topology.
		 */
		private boolean dynamicRefreshSources = true;

		public Duration getPeriod() {
			return this.period;
		}

		public void setPeriod(Duration period) {
			this.period = period;
		}

		public boolean isAdaptive() {
			return this.adaptive;
		}

		public void setAdaptive(boolean adaptive) {
			this.adaptive = adaptive;
		}

		public boolean isDynamicRefreshSources() {
			return this.dynamicRefreshSources;
		}

		public void setDynamicRefreshSources(boolean dynamicRefreshSources) {
			this.dynamicRefreshSources = dynamicRefreshSources;
		}

	}

	/**
	 * Static master/replica set (for example a managed service's primary and read endpoints): used instead of host
	 * and port when nodes are set.
	 */
	public static class MasterReplica {

		/**
		 * Nodes as host:port pairs; the client finds out which one is the master.
		 */
		private List<String> nodes = new ArrayList<>();

		public List<String> getNodes() {
			return this.nodes;
		}

		public void setNodes(List<String> nodes) {
			this.nodes = nodes;
		}

	}

	boolean hasUrl() {
		return StringUtils.hasText(this.url);
	}

	RedisUrl parsedUrl() throws RedisUrlException {
		return RedisUrl.parse(this.url);
	}

}
