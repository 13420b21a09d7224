package com.tradingboost.redis.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.junit.jupiter.api.Test;

import com.tradingboost.redis.DedicatedServerApplicationTests;
import com.tradingboost.redis.connection.RedisConnectionLostException;
import com.tradingboost.redis.testsupport.CommandStats;
import com.tradingboost.redis.testsupport.DedicatedRedisServer;
import com.tradingboost.redis.testsupport.RedisServer;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The gate sits at the Lettuce layer: every API of the shared factory passes it, Spring Data keeps its own types, a
 * dropped connection is ridden out, and a blocking command that would outlast the command timeout is refused.
 */
class LettuceLayerGateIntegrationTests extends DedicatedServerApplicationTests {

	LettuceLayerGateIntegrationTests(@DedicatedRedisServer RedisServer server) {
		super(server);
	}

	@Test
	void springDataRedisConnectionsKeepTheirOwnTypes() {
		this.context = ResilienceTestApplication.run(this.server);
		RedisConnectionFactory factory = this.context.getBean(RedisConnectionFactory.class);
		try (LettuceConnection connection = (LettuceConnection) factory.getConnection()) {
			connection.stringCommands().set("types:key".getBytes(), "v".getBytes());
			assertThat(connection.stringCommands().get("types:key".getBytes())).isEqualTo("v".getBytes());
		}
	}

	@Test
	void syncAsyncReactiveAndNativeCommandsAllPassTheBreaker() throws Exception {
		this.context = ResilienceTestApplication.run(this.server);
		StringRedisTemplate sync = this.context.getBean(StringRedisTemplate.class);
		ReactiveStringRedisTemplate reactive = this.context.getBean(ReactiveStringRedisTemplate.class);
		RedisConnectionFactory factory = this.context.getBean(RedisConnectionFactory.class);
		CircuitBreaker breaker = breaker();
		sync.opsForValue().set("apis:key", "v");
		AtomicInteger calls = new AtomicInteger();
		breaker.getEventPublisher().onSuccess((event) -> calls.incrementAndGet());

		assertThat(sync.opsForValue().get("apis:key")).isEqualTo("v");
		assertThat(reactive.opsForValue().get("apis:key").block(Duration.ofSeconds(5))).isEqualTo("v");
		try (RedisConnection connection = factory.getConnection()) {
			assertThat(nativeAsync(connection).get("apis:key".getBytes()).get(5, TimeUnit.SECONDS))
				.isEqualTo("v".getBytes());
		}
		assertThat(calls).as("one call per command, whatever the API").hasValue(3);

		long getsBefore = CommandStats.of(this.server).calls("get");
		breaker.transitionToForcedOpenState();
		assertThatExceptionOfType(RedisCircuitBreakerOpenException.class)
			.isThrownBy(() -> sync.opsForValue().get("apis:key"));
		assertThatExceptionOfType(RedisCircuitBreakerOpenException.class)
			.isThrownBy(() -> reactive.opsForValue().get("apis:key").block(Duration.ofSeconds(5)));
		try (RedisConnection connection = factory.getConnection()) {
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> nativeAsync(connection).get("apis:key".getBytes()).get(5, TimeUnit.SECONDS))
				.withCauseInstanceOf(RedisCircuitBreakerOpenException.class);
		}
		catch (RedisCircuitBreakerOpenException refusedBeforeConnecting) {
			// Getting a connection may be refused already; either way no command reached Redis.
		}
		assertThat(CommandStats.of(this.server).calls("get")).as("refused without I/O").isEqualTo(getsBefore);
		breaker.transitionToClosedState();
		assertThat(reactive.opsForValue().get("apis:key").block(Duration.ofSeconds(5))).isEqualTo("v");
	}

	@Test
	void aBlockingCommandThatWouldOutlastTheCommandTimeoutIsRefusedAsTheCallersError() {
		this.context = ResilienceTestApplication.run(this.server, "tradingboost.redis.command-timeout=2s");
		StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
		CircuitBreaker breaker = breaker();
		assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
			.isThrownBy(() -> redis.opsForList().leftPop("blocking:queue", Duration.ofSeconds(5)))
			.withMessageContaining("BLPOP blocks for up to PT5S")
			.withMessageContaining("tradingboost.redis.command-timeout (PT2S)");
		assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
			.isThrownBy(() -> redis.opsForList().leftPop("blocking:queue", Duration.ZERO))
			.withMessageContaining("without a timeout");
		assertThat(CommandStats.of(this.server).calls("blpop")).as("refused before any I/O").isZero();
		// Spring Data rounds a blocking timeout up to whole seconds: 1 s here, below the 2 s command timeout.
		assertThat(redis.opsForList().leftPop("blocking:queue", Duration.ofMillis(100))).isNull();
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
	}

	@Test
	void connectionDropsUnderLoadAreRiddenOutBySafeReadsAndNamedForWritesInFlight() throws Exception {
		this.context = ResilienceTestApplication.run(this.server, "tradingboost.redis.command-timeout=2s");
		StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
		redis.opsForValue().set("drop:key", "v");
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicLong reads = new AtomicLong();
		Map<String, Integer> failedReads = new ConcurrentHashMap<>();
		List<Throwable> failedWrites = new java.util.concurrent.CopyOnWriteArrayList<>();
		ExecutorService clients = Executors.newFixedThreadPool(16);
		List<Future<?>> futures = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			boolean writer = i == 0;
			futures.add(clients.submit(() -> {
				while (running.get()) {
					try {
						if (writer) {
							redis.opsForValue().increment("drop:counter");
						}
						else {
							assertThat(redis.opsForValue().get("drop:key")).isEqualTo("v");
							reads.incrementAndGet();
						}
					}
					catch (RuntimeException ex) {
						if (writer) {
							failedWrites.add(ex);
						}
						else {
							failedReads.merge(describe(ex), 1, Integer::sum);
						}
					}
				}
			}));
		}
		try {
			for (int kill = 0; kill < 4; kill++) {
				long before = reads.get();
				await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() > before + 500);
				this.server.execute("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
			}
			long before = reads.get();
			await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() > before + 500);
		}
		finally {
			running.set(false);
			clients.shutdown();
			assertThat(clients.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
		for (Future<?> future : futures) {
			future.get();
		}
		assertThat(failedReads).as("safe reads failed").isEmpty();
		assertThat(breaker().getState()).isEqualTo(State.CLOSED);
		for (Throwable failure : failedWrites) {
			assertThat(failure).hasRootCauseInstanceOf(io.lettuce.core.RedisException.class)
				.cause()
				.isInstanceOf(RedisConnectionLostException.class)
				.hasMessageContaining("INCR");
		}
	}

	private static String describe(Throwable failure) {
		StringBuilder description = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			description.append((cause == failure) ? "" : " <- ").append(cause.getClass().getSimpleName()).append(": ")
				.append(cause.getMessage());
		}
		return description.toString();
	}

	@SuppressWarnings("unchecked")
	private static RedisAsyncCommands<byte[], byte[]> nativeAsync(RedisConnection connection) {
		return (RedisAsyncCommands<byte[], byte[]>) connection.getNativeConnection();
	}

	private CircuitBreaker breaker() {
		return this.context.getBean(CircuitBreakerRegistry.class).circuitBreaker("redis");
	}

}
