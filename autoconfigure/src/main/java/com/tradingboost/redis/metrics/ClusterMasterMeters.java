package com.tradingboost.redis.metrics;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.jspecify.annotations.Nullable;

import com.tradingboost.redis.health.RedisClusterFacts;
import com.tradingboost.redis.health.RedisClusterFacts.Master;
import com.tradingboost.redis.health.RedisClusterFacts.PingStatus;
import com.tradingboost.redis.health.RedisHealthMonitor;
import com.tradingboost.redis.health.RedisHealthSnapshot;

/**
 * One gauge per cluster master that serves slots, tagged with its address, as the health monitor last saw the
 * cluster: after a failover the failed master's series ends and the promoted replica's begins. Values are read from
 * the monitor's snapshot at scrape time.
 */
final class ClusterMasterMeters implements Consumer<RedisHealthSnapshot> {

	private final RedisHealthMonitor monitor;

	private final MultiGauge up;

	private final MultiGauge ping;

	ClusterMasterMeters(MeterRegistry registry, RedisHealthMonitor monitor, String instance) {
		this.monitor = monitor;
		this.up = MultiGauge.builder("tradingboost.redis.cluster.master.up")
			.description("1 when the cluster master answered the last health check's PING, 0 when it did not, "
					+ "NaN when it was not checked")
			.tag("instance", instance)
			.register(registry);
		this.ping = MultiGauge.builder("tradingboost.redis.cluster.master.ping")
			.description("PING round trip of the cluster master at the last health check, NaN when it did not answer")
			.baseUnit("seconds")
			.tag("instance", instance)
			.register(registry);
		Gauge.builder("tradingboost.redis.cluster.state.ok", monitor, ClusterMasterMeters::stateOk)
			.description("1 when CLUSTER INFO said cluster_state:ok at the last health check, 0 when it said "
					+ "otherwise, NaN when it could not be read")
			.tag("instance", instance)
			.register(registry);
		monitor.addListener(this);
		accept(monitor.getSnapshot());
	}

	/** Follows the masters of each snapshot that has them; a failed check keeps the series, reading NaN. */
	@Override
	public void accept(RedisHealthSnapshot snapshot) {
		RedisClusterFacts cluster = snapshot.cluster();
		if (cluster == null || cluster.unavailable() != null) {
			return;
		}
		List<String> addresses = cluster.masters().stream().map(Master::address).toList();
		this.up.register(rows(addresses, ClusterMasterMeters::up), false);
		this.ping.register(rows(addresses, ClusterMasterMeters::pingSeconds), false);
	}

	private List<MultiGauge.Row<?>> rows(List<String> addresses, ToDoubleFunction<Master> value) {
		return addresses.stream()
			.<MultiGauge.Row<?>>map((address) -> MultiGauge.Row.of(Tags.of("node", address), this.monitor,
					(monitor) -> {
						Master master = master(monitor.getSnapshot(), address);
						return (master != null) ? value.applyAsDouble(master) : Double.NaN;
					}))
			.toList();
	}

	private static @Nullable Master master(RedisHealthSnapshot snapshot, String address) {
		RedisClusterFacts cluster = snapshot.cluster();
		if (cluster == null) {
			return null;
		}
		return cluster.masters().stream().filter((master) -> master.address().equals(address)).findFirst().orElse(null);
	}

	private static double up(Master master) {
		return switch (master.status()) {
			case UP -> 1;
			case DOWN -> 0;
			case NOT_CHECKED -> Double.NaN;
		};
	}

	private static double pingSeconds(Master master) {
		return (master.status() == PingStatus.UP && master.latency() != null) ? master.latency().toNanos() / 1e9
				: Double.NaN;
	}

	private static double stateOk(RedisHealthMonitor monitor) {
		RedisClusterFacts cluster = monitor.getSnapshot().cluster();
		if (cluster == null || cluster.state() == null) {
			return Double.NaN;
		}
		return "ok".equals(cluster.state()) ? 1 : 0;
	}

}
