package com.tradingboost.redis.metrics;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import com.tradingboost.redis.connection.RedisCommandGate;

import org.springframework.core.Ordered;

/**
 * Times every command of the shared factory into {@code tradingboost.redis.command}, tagged with the command name
 * (never a key) and its outcome: success, failure, rejected (circuit breaker open) or timeout. Outermost gate, so
 * it sees the calls the breaker refuses.
 */
public final class MeteredCommandGate implements RedisCommandGate, Ordered {

	static final String METRIC = "tradingboost.redis.command";

	private static final Duration[] SLO = { Duration.ofNanos(100_000), Duration.ofNanos(250_000),
			Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5),
			Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
			Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
			Duration.ofSeconds(5), Duration.ofSeconds(10) };

	private final MeterRegistry registry;

	private final String instance;

	private final Map<String, Timer[]> timers = new ConcurrentHashMap<>();

	/**
	 * Creates a gate.
	 * @param registry where the timers go
	 * @param instance the value of the {@code instance} tag: {@code primary}, or the name of a named instance
	 */
	public MeteredCommandGate(MeterRegistry registry, String instance) {
		this.registry = registry;
		this.instance = instance;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public void beforeConnection() {
	}

	@Override
	public void connectionFailed(RuntimeException failure) {
		timer("connection", CommandOutcome.of(failure)).record(0, TimeUnit.NANOSECONDS);
	}

	@Override
	public void connectionRefused(RuntimeException refusal) {
		timer("connection", CommandOutcome.of(refusal)).record(0, TimeUnit.NANOSECONDS);
	}

	@Override
	public <T> T call(String command, RedisCall<T> call) throws Throwable {
		long start = System.nanoTime();
		try {
			T result = call.invoke();
			timer(command, CommandOutcome.SUCCESS).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			return result;
		}
		catch (Throwable ex) {
			timer(command, CommandOutcome.of(ex)).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			throw ex;
		}
	}

	@Override
	public Batch openBatch(String kind) {
		long start = System.nanoTime();
		return new Batch() {

			@Override
			public void succeeded() {
				timer(kind, CommandOutcome.SUCCESS).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			}

			@Override
			public void failed(Throwable failure) {
				timer(kind, CommandOutcome.of(failure)).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			}

			@Override
			public void abandoned() {
			}

		};
	}

	private Timer timer(String command, CommandOutcome outcome) {
		Timer[] byOutcome = this.timers.computeIfAbsent(command, (name) -> new Timer[CommandOutcome.values().length]);
		Timer timer = byOutcome[outcome.ordinal()];
		if (timer == null) {
			timer = Timer.builder(METRIC)
				.description("Redis commands issued through the shared connection factory")
				.tag("command", command.toLowerCase(Locale.ROOT))
				.tag("outcome", outcome.tag())
				.tag("instance", this.instance)
				.serviceLevelObjectives(SLO)
				.register(this.registry);
			byOutcome[outcome.ordinal()] = timer;
		}
		return timer;
	}

}
