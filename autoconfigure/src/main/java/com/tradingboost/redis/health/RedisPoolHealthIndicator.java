package com.tradingboost.redis.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.tradingboost.redis.connection.PoolStats;
import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The connection pools of the shared factory and its shared native connection, read without Redis I/O: DOWN when
 * ordinary commands share one connection and, after the first check, it is not connected.
 */
final class RedisPoolHealthIndicator implements HealthIndicator {

	private final TradingBoostLettuceConnectionFactory connectionFactory;

	private final RedisHealthMonitor monitor;

	private final int maxActive;

	RedisPoolHealthIndicator(TradingBoostLettuceConnectionFactory connectionFactory, RedisHealthMonitor monitor,
			int maxActive) {
		this.connectionFactory = connectionFactory;
		this.monitor = monitor;
		this.maxActive = maxActive;
	}

	@Override
	public Health health() {
		boolean shared = this.connectionFactory.getShareNativeConnection();
		boolean connected = this.connectionFactory.isSharedConnectionConnected();
		boolean checked = this.monitor.getSnapshot().outcome() != RedisHealthSnapshot.Outcome.NOT_CHECKED;
		Health.Builder health = (shared && checked && !connected) ? Health.down() : Health.up();
		List<PoolStats> pools = this.connectionFactory.getPoolStats();
		health.withDetail("max_active", this.maxActive)
			.withDetail("share_native_connection", shared)
			.withDetail("shared_connection_connected", connected)
			.withDetail("connections_in_use", this.connectionFactory.getConnectionsInUse())
			.withDetail("borrow_timeouts", this.connectionFactory.getPoolBorrowTimeouts())
			.withDetail("exhausted", pools.stream().anyMatch((pool) -> pool.active() >= pool.max() && pool.waiting() > 0))
			.withDetail("pools", pools.stream().map(RedisPoolHealthIndicator::details).toList());
		return health.build();
	}

	private static Map<String, Object> details(PoolStats pool) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("name", pool.name());
		details.put("max", pool.max());
		details.put("active", pool.active());
		details.put("idle", pool.idle());
		details.put("waiting", pool.waiting());
		if (pool.created() != PoolStats.UNKNOWN) {
			details.put("created", pool.created());
			details.put("destroyed", pool.destroyed());
		}
		return details;
	}

}
