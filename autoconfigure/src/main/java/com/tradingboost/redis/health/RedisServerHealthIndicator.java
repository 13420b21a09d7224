package com.tradingboost.redis.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.tradingboost.redis.connection.PoolStats;
import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Redis as the last background check saw it: DOWN when that check failed, when no check has finished within twice
 * the interval, or while the circuit breaker is open; latency above the threshold is reported as degraded only.
 *
 * <p>The PING goes to the server the shared connection uses: the standalone server, the master the sentinels name,
 * or a node of the cluster. A cluster is also DOWN when {@code cluster_state} is not {@code ok} or a master that
 * serves slots fails its PING, and the reason names those masters; when the user may not read the cluster facts,
 * the PING alone decides and a {@code cluster.unavailable} detail says why. Under Sentinel the PING of the master
 * alone decides: sentinel facts that cannot be read, or a sentinel that is down, are details only. A refused
 * {@code INFO} leaves the server facts out and makes nothing DOWN.
 */
final class RedisServerHealthIndicator implements HealthIndicator {

	static final String HIT_RATE_SCOPE = "server-wide: keyspace_hits / (keyspace_hits + keyspace_misses) since the "
			+ "server started, all clients";

	private final RedisHealthMonitor monitor;

	private final TradingBoostLettuceConnectionFactory connectionFactory;

	private final @Nullable CircuitBreakerStateProvider circuitBreaker;

	private final Duration latencyThreshold;

	private final Clock clock;

	RedisServerHealthIndicator(RedisHealthMonitor monitor, TradingBoostLettuceConnectionFactory connectionFactory,
			@Nullable CircuitBreakerStateProvider circuitBreaker, Duration latencyThreshold, Clock clock) {
		this.monitor = monitor;
		this.connectionFactory = connectionFactory;
		this.circuitBreaker = circuitBreaker;
		this.latencyThreshold = latencyThreshold;
		this.clock = clock;
	}

	/**
	 * Returns the age after which a check no longer counts: two intervals plus the probe timeout.
	 * @param monitor the monitor
	 * @return the maximum age of a check
	 */
	static Duration maxAge(RedisHealthMonitor monitor) {
		return monitor.getInterval().multipliedBy(2).plus(monitor.getProbeTimeout());
	}

	@Override
	public Health health() {
		RedisHealthSnapshot snapshot = this.monitor.getSnapshot();
		Instant now = this.clock.instant();
		CircuitBreakerState breaker = (this.circuitBreaker != null) ? this.circuitBreaker.currentState() : null;
		Health.Builder health = status(snapshot, now, breaker);
		if (snapshot.latency() != null && snapshot.outcome() == RedisHealthSnapshot.Outcome.UP) {
			health.withDetail("latency_ms", millis(snapshot.latency()));
			health.withDetail("degraded", snapshot.latency().compareTo(this.latencyThreshold) > 0);
			health.withDetail("latency_threshold_ms", this.latencyThreshold.toMillis());
		}
		RedisServerFacts server = snapshot.server();
		putIfPresent(health, "server_facts_unavailable", snapshot.serverFactsUnavailable());
		if (server != null) {
			putIfPresent(health, "version", server.version());
			putIfPresent(health, "mode", server.mode());
			putIfPresent(health, "role", server.role());
			putIfPresent(health, "connected_clients", server.connectedClients());
			putIfPresent(health, "used_memory_human", server.usedMemoryHuman());
			putIfPresent(health, "maxclients", server.maxClients());
			Double hitRate = server.hitRate();
			if (hitRate != null) {
				health.withDetail("hit_rate", Math.round(hitRate * 10000) / 10000.0);
				health.withDetail("hit_rate_scope", HIT_RATE_SCOPE);
			}
		}
		if (snapshot.cluster() != null) {
			health.withDetail("cluster", clusterDetails(snapshot.cluster()));
		}
		if (snapshot.sentinel() != null) {
			health.withDetail("sentinel", sentinelDetails(snapshot.sentinel()));
		}
		health.withDetail("pool", poolSummary());
		if (breaker != null) {
			health.withDetail("circuit_state", breaker.state());
		}
		putIfPresent(health, "last_check", snapshot.checkedAt());
		putIfPresent(health, "last_success", snapshot.lastSuccessAt());
		health.withDetail("consecutive_failures", snapshot.consecutiveFailures());
		if (snapshot.consecutiveFailures() > 0) {
			putIfPresent(health, "last_error", snapshot.lastError());
		}
		health.withDetail("check_interval_ms", this.monitor.getInterval().toMillis());
		return health.build();
	}

	private Health.Builder status(RedisHealthSnapshot snapshot, Instant now, @Nullable CircuitBreakerState breaker) {
		if (snapshot.outcome() == RedisHealthSnapshot.Outcome.NOT_CHECKED) {
			return Health.down().withDetail("reason", "no health check has finished yet");
		}
		if (snapshot.outcome() == RedisHealthSnapshot.Outcome.DOWN) {
			return Health.down()
				.withDetail("reason", snapshot.authenticationFailed() ? "authentication failed" : "last health check failed");
		}
		if (snapshot.isStale(now, maxAge(this.monitor))) {
			return Health.down()
				.withDetail("reason", "no health check finished in the last " + maxAge(this.monitor).toMillis() + " ms");
		}
		String clusterDown = (snapshot.cluster() != null) ? snapshot.cluster().downReason() : null;
		if (clusterDown != null) {
			return Health.down().withDetail("reason", clusterDown);
		}
		if (breaker != null && breaker.open()) {
			return Health.down().withDetail("reason", "circuit breaker " + breaker.state());
		}
		return Health.up();
	}

	private static Map<String, Object> clusterDetails(RedisClusterFacts cluster) {
		Map<String, Object> details = new LinkedHashMap<>();
		if (cluster.unavailable() != null) {
			details.put("unavailable", "cluster facts unavailable: " + cluster.unavailable());
			return details;
		}
		putIfPresent(details, "state", cluster.state());
		putIfPresent(details, "slots_assigned", cluster.slotsAssigned());
		putIfPresent(details, "slots_ok", cluster.slotsOk());
		putIfPresent(details, "slots_pfail", cluster.slotsPfail());
		putIfPresent(details, "slots_fail", cluster.slotsFail());
		putIfPresent(details, "known_nodes", cluster.knownNodes());
		putIfPresent(details, "size", cluster.size());
		details.put("master_count", cluster.masters().size());
		details.put("replica_count", cluster.replicaCount());
		details.put("masters", cluster.masters().stream().map(RedisServerHealthIndicator::masterDetails).toList());
		details.put("failed_nodes", cluster.failedNodes());
		return details;
	}

	private static Map<String, Object> masterDetails(RedisClusterFacts.Master master) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("address", master.address());
		details.put("status", master.status().name());
		if (master.latency() != null) {
			details.put("latency_ms", millis(master.latency()));
		}
		details.put("replicas", master.replicas());
		putIfPresent(details, "error", master.error());
		return details;
	}

	private static Map<String, Object> sentinelDetails(RedisSentinelFacts sentinel) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("master_name", sentinel.masterName());
		if (sentinel.unavailable() != null) {
			details.put("unavailable", "no sentinel answered: " + sentinel.unavailable());
			return details;
		}
		putIfPresent(details, "master", sentinel.master());
		putIfPresent(details, "master_flags", sentinel.masterFlags());
		details.put("replica_count", sentinel.replicas().size());
		List<Map<String, Object>> replicas = sentinel.replicas().stream().map((replica) -> {
			Map<String, Object> replicaDetails = new LinkedHashMap<>();
			replicaDetails.put("address", replica.address());
			putIfPresent(replicaDetails, "flags", replica.flags());
			return replicaDetails;
		}).toList();
		details.put("replicas", replicas);
		putIfPresent(details, "quorum", sentinel.quorum());
		putIfPresent(details, "sentinels_known", sentinel.sentinelsKnown());
		details.put("sentinels_down", sentinel.sentinelsDown());
		return details;
	}

	private static double millis(Duration duration) {
		return Math.round(duration.toNanos() / 1_000.0) / 1000.0;
	}

	private Map<String, Object> poolSummary() {
		Map<String, Object> summary = new LinkedHashMap<>();
		int max = 0;
		int active = 0;
		int idle = 0;
		int waiting = 0;
		for (PoolStats pool : this.connectionFactory.getPoolStats()) {
			max += pool.max();
			active += pool.active();
			idle += pool.idle();
			waiting += pool.waiting();
		}
		summary.put("max", max);
		summary.put("active", active);
		summary.put("idle", idle);
		summary.put("waiting", waiting);
		summary.put("shared_connection_connected", this.connectionFactory.isSharedConnectionConnected());
		return summary;
	}

	private static void putIfPresent(Map<String, Object> details, String key, @Nullable Object value) {
		if (value != null) {
			details.put(key, value);
		}
	}

	private static void putIfPresent(Health.Builder health, String key, @Nullable Object value) {
		if (value != null) {
			health.withDetail(key, (value instanceof Instant instant) ? instant.toString() : value);
		}
	}

}
