package com.tradingboost.redis.metrics;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import com.tradingboost.redis.connection.PoolStats;
import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;
import com.tradingboost.redis.health.RedisHealthMonitor;
import com.tradingboost.redis.health.RedisHealthSnapshot;
import com.tradingboost.redis.health.RedisServerFacts;

/**
 * Publishes what Spring Boot does not for Lettuce: the pools Spring Data Redis uses (spring-data-redis#2275, read
 * over JMX), the shared connection, and the server facts of the health monitor's last check (on a cluster, each
 * master's too). Reads only counters and the monitor's snapshot: no Redis I/O per scrape.
 */
public final class RedisMetrics implements MeterBinder {

	private static final List<String> POOLS = List.of("sync");

	private final TradingBoostLettuceConnectionFactory factory;

	private final @Nullable RedisHealthMonitor monitor;

	private final int maxActive;

	private final String instance;

	/**
	 * Creates the binder.
	 * @param factory the shared factory
	 * @param monitor the health monitor, if any
	 * @param maxActive the configured pool ceiling
	 * @param instance the value of the {@code instance} tag: {@code primary}, or the name of a named instance
	 */
	public RedisMetrics(TradingBoostLettuceConnectionFactory factory, @Nullable RedisHealthMonitor monitor,
			int maxActive, String instance) {
		this.factory = factory;
		this.monitor = monitor;
		this.maxActive = maxActive;
		this.instance = instance;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (String pool : POOLS) {
			poolGauge(registry, pool, "tradingboost.redis.pool.connections.active", "Pooled connections in use",
					PoolStats::active);
			poolGauge(registry, pool, "tradingboost.redis.pool.connections.idle", "Pooled connections idle",
					PoolStats::idle);
			Gauge.builder("tradingboost.redis.pool.connections.max", () -> this.maxActive)
				.description("Pool connection ceiling (the shared connection is one of them)")
				.tag("pool", pool)
				.tag("instance", this.instance)
				.register(registry);
			poolGauge(registry, pool, "tradingboost.redis.pool.threads.waiting",
					"Threads waiting for a pooled connection", PoolStats::waiting);
			poolCounter(registry, pool, "tradingboost.redis.pool.connections.opened", "Pooled connections opened",
					PoolStats::created);
			poolCounter(registry, pool, "tradingboost.redis.pool.connections.closed", "Pooled connections closed",
					PoolStats::destroyed);
		}
		FunctionCounter.builder("tradingboost.redis.pool.borrow.timeouts", this.factory,
				TradingBoostLettuceConnectionFactory::getPoolBorrowTimeouts)
			.description("Callers that gave up waiting max-wait for a pooled connection")
			.tag("pool", "sync")
			.tag("instance", this.instance)
			.register(registry);
		Timer borrowWait = Timer.builder("tradingboost.redis.pool.borrow.wait")
			.description("Time to borrow a pooled connection (transactions, pipelines, blocking commands)")
			.tag("pool", "sync")
			.publishPercentileHistogram()
			.tag("instance", this.instance)
			.register(registry);
		this.factory.setPoolBorrowTimeRecorder((nanos) -> borrowWait.record(nanos, TimeUnit.NANOSECONDS));
		Gauge.builder("tradingboost.redis.connection.shared.connected", this.factory,
				(factory) -> factory.isSharedConnectionConnected() ? 1 : 0)
			.description("Whether the shared native connection every ordinary command uses is connected (1) or not (0)")
			.tag("instance", this.instance)
			.register(registry);
		if (this.monitor != null) {
			bindServer(registry, this.monitor);
			if (this.factory.isClusterAware()) {
				new ClusterMasterMeters(registry, this.monitor, this.instance);
			}
		}
	}

	private void bindServer(MeterRegistry registry, RedisHealthMonitor monitor) {
		FunctionCounter.builder("redis.hits", monitor, server(RedisServerFacts::keyspaceHits))
			.description("Keyspace hits of the whole server (INFO keyspace_hits), as of the last health check")
			.tag("instance", this.instance)
			.register(registry);
		FunctionCounter.builder("redis.misses", monitor, server(RedisServerFacts::keyspaceMisses))
			.description("Keyspace misses of the whole server (INFO keyspace_misses), as of the last health check")
			.tag("instance", this.instance)
			.register(registry);
		Gauge.builder("tradingboost.redis.server.clients.connected", monitor,
				server(RedisServerFacts::connectedClients))
			.description("Client connections of the whole server, as of the last health check")
			.tag("instance", this.instance)
			.register(registry);
		Gauge.builder("tradingboost.redis.server.memory.used", monitor, server(RedisServerFacts::usedMemory))
			.description("Memory the server uses, as of the last health check")
			.baseUnit("bytes")
			.tag("instance", this.instance)
			.register(registry);
		TimeGauge.builder("tradingboost.redis.health.check.latency", monitor, TimeUnit.NANOSECONDS,
				(checked) -> (checked.getSnapshot().latency() != null) ? checked.getSnapshot().latency().toNanos()
						: Double.NaN)
			.description("PING round trip of the last successful health check")
			.tag("instance", this.instance)
			.register(registry);
		Gauge.builder("tradingboost.redis.health.check.consecutive.failures", monitor,
				(checked) -> checked.getSnapshot().consecutiveFailures())
			.description("Health checks failed in a row")
			.tag("instance", this.instance)
			.register(registry);
	}

	private void poolGauge(MeterRegistry registry, String pool, String name, String description,
			ToDoubleFunction<PoolStats> value) {
		Gauge.builder(name, this.factory, (factory) -> sum(factory, pool, value))
			.description(description)
			.tag("pool", pool)
			.tag("instance", this.instance)
			.register(registry);
	}

	private void poolCounter(MeterRegistry registry, String pool, String name, String description,
			ToDoubleFunction<PoolStats> value) {
		FunctionCounter.builder(name, this.factory, (factory) -> sum(factory, pool, value))
			.description(description)
			.tag("pool", pool)
			.tag("instance", this.instance)
			.register(registry);
	}

	private static double sum(TradingBoostLettuceConnectionFactory factory, String pool,
			ToDoubleFunction<PoolStats> value) {
		return factory.getPoolStats()
			.stream()
			.filter((stats) -> stats.name().equals(pool) && value.applyAsDouble(stats) >= 0)
			.mapToDouble(value)
			.sum();
	}

	private static ToDoubleFunction<RedisHealthMonitor> server(Function<RedisServerFacts, @Nullable Long> fact) {
		return (monitor) -> {
			RedisHealthSnapshot snapshot = monitor.getSnapshot();
			Long value = (snapshot.server() != null) ? fact.apply(snapshot.server()) : null;
			return (value != null) ? value : Double.NaN;
		};
	}

}
