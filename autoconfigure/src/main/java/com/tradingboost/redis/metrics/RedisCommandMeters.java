package com.tradingboost.redis.metrics;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import com.tradingboost.redis.connection.RedisCommandRecorder;
import com.tradingboost.redis.connection.RedisFailure;

/**
 * Times every command of the shared factory into {@code tradingboost.redis.command}, tagged with the Redis command
 * (never a key) and its outcome: success, failure, rejected (circuit breaker open) or timeout. Fed by the gate at the
 * Lettuce layer, so it sees the commands the breaker refuses and those of every API.
 */
public final class RedisCommandMeters implements RedisCommandRecorder {

	static final String METRIC = "tradingboost.redis.command";

	private static final Duration[] SLO = { Duration.ofNanos(100_000), Duration.ofNanos(250_000),
			Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5),
			Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
			Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
			Duration.ofSeconds(5), Duration.ofSeconds(10) };

	private final MeterRegistry registry;

	private final String instance;

	private final Timer[][] byType = new Timer[CommandType.values().length][];

	private final Map<String, Timer[]> byName = new ConcurrentHashMap<>();

	/**
	 * Creates the meters.
	 * @param registry where the timers go
	 * @param instance the value of the {@code instance} tag: {@code primary}, or the name of a named instance
	 */
	public RedisCommandMeters(MeterRegistry registry, String instance) {
		this.registry = registry;
		this.instance = instance;
	}

	@Override
	public void record(ProtocolKeyword command, long nanos, @Nullable RedisFailure failure) {
		timers(command)[CommandOutcome.of(failure).ordinal()].record(nanos, TimeUnit.NANOSECONDS);
	}

	private Timer[] timers(ProtocolKeyword command) {
		if (command instanceof CommandType type) {
			Timer[] timers = this.byType[type.ordinal()];
			if (timers == null) {
				timers = register(type.toString());
				this.byType[type.ordinal()] = timers;
			}
			return timers;
		}
		return this.byName.computeIfAbsent(command.toString(), this::register);
	}

	private Timer[] register(String command) {
		CommandOutcome[] outcomes = CommandOutcome.values();
		Timer[] timers = new Timer[outcomes.length];
		for (CommandOutcome outcome : outcomes) {
			timers[outcome.ordinal()] = Timer.builder(METRIC)
				.description("Redis commands issued through the shared connection factory")
				.tag("command", command.toLowerCase(Locale.ROOT))
				.tag("outcome", outcome.tag())
				.tag("instance", this.instance)
				.serviceLevelObjectives(SLO)
				.register(this.registry);
		}
		return timers;
	}

}
