package com.tradingboost.redis.resilience;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;

import com.tradingboost.redis.DedicatedServerApplicationTests;
import com.tradingboost.redis.testsupport.DedicatedRedisServer;
import com.tradingboost.redis.testsupport.RedisServer;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class CircuitBreakerIntegrationTests extends DedicatedServerApplicationTests {

	CircuitBreakerIntegrationTests(@DedicatedRedisServer RedisServer server) {
		super(server);
	}

	@Test
	void opensAfterFiveOutageFailuresThenFailsFastThenClosesByItselfWhenRedisIsBack() {
		this.context = ResilienceTestApplication.run(this.server);
		StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
		CircuitBreaker breaker = breaker();
		redis.opsForValue().set("cb:key", "v");
		assertThat(breaker.getState()).isEqualTo(State.CLOSED);

		this.server.kill();
		// Failures while Lettuce reconnects as usual (twice the longest reconnect delay) are not outages yet.
		AtomicInteger outageFailures = new AtomicInteger();
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> redis.opsForValue().set("cb:key", "w"))
				.isNotInstanceOf(RedisCircuitBreakerOpenException.class);
			outageFailures.incrementAndGet();
			return breaker.getState() == State.OPEN;
		});
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(5);
		assertThat(outageFailures.get()).isGreaterThanOrEqualTo(5);

		long slowestNanos = 0;
		for (int i = 0; i < 10_000; i++) {
			long start = System.nanoTime();
			try {
				redis.opsForValue().get("cb:key");
				throw new AssertionError("call " + i + " was not refused");
			}
			catch (RedisCircuitBreakerOpenException expected) {
				slowestNanos = Math.max(slowestNanos, System.nanoTime() - start);
			}
		}
		assertThat(Duration.ofNanos(slowestNanos)).as("no refused call waited for the 500 ms command timeout")
			.isLessThan(Duration.ofMillis(250));
		assertThat(breaker.getMetrics().getNumberOfNotPermittedCalls()).isGreaterThanOrEqualTo(10_000);

		this.server.start();
		awaitClosedByTrialCalls(redis, breaker, "cb:key");
		List<String> causes = this.context.getBean(CircuitBreakerCommandGate.class)
			.getTransitions()
			.list()
			.stream()
			.map((transition) -> transition.to() + ": " + transition.cause())
			.toList();
		assertThat(causes).first().asString().startsWith("OPEN: failure rate 100.0% of the last 5 calls");
		assertThat(causes).contains("HALF_OPEN: health probe succeeded", "CLOSED: trial calls succeeded");
	}

	@Test
	void failuresToConnectAtAllOpenTheBreakerToo() {
		this.server.stop();
		this.context = ResilienceTestApplication.run(this.server);
		StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
		CircuitBreaker breaker = breaker();
		for (int i = 0; i < 5; i++) {
			assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> redis.opsForValue().get("k"))
				.isNotInstanceOf(RedisCircuitBreakerOpenException.class);
		}
		assertThat(breaker.getState()).isEqualTo(State.OPEN);
		assertThatExceptionOfType(RedisCircuitBreakerOpenException.class).isThrownBy(() -> redis.opsForValue().get("k"));
	}

	@Test
	void bookkeepingCallsAndNestedBatchesTakeNoTrialPermission() {
		this.context = ResilienceTestApplication.run(this.server, "tradingboost.redis.circuit-breaker.half-open-calls=1");
		StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
		CircuitBreaker breaker = breaker();
		halfOpen(breaker);
		redis.execute((RedisCallback<Object>) (connection) -> {
			assertThat(connection.isSubscribed()).isFalse();
			connection.multi();
			connection.multi();
			connection.stringCommands().set("nested".getBytes(), "tx".getBytes());
			return connection.exec();
		});
		assertThat(breaker.getState()).isEqualTo(State.CLOSED);
		assertThat(this.server.execute("GET", "nested")).isEqualTo("tx");
	}

	@Test
	void theRefusalSaysWhenTheBreakerOpenedAndWhenItTriesAgain() {
		this.context = ResilienceTestApplication.run(this.server);
		StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
		// Paused, so that the health probe cannot move the breaker on to half-open.
		this.server.pause();
		breaker().transitionToOpenState();
		assertThatExceptionOfType(RedisCircuitBreakerOpenException.class).isThrownBy(() -> redis.hasKey("k"))
			.withMessageContaining("Redis circuit breaker is OPEN since ")
			.withMessageContaining("next trial at ")
			.satisfies((ex) -> assertThat(ex.getNextTrial()).isAfter(ex.getSince()));
	}

	@Test
	void timeoutsFromAPausedServerOpenTheBreakerAndItClosesAfterResume() {
		this.context = ResilienceTestApplication.run(this.server, "tradingboost.redis.command-timeout=200ms");
		StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
		CircuitBreaker breaker = breaker();
		redis.opsForValue().set("cb:paused", "v");
		this.server.pause();
		for (int i = 0; i < 5; i++) {
			assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> redis.opsForValue().set("cb:paused", "w"));
		}
		// Lettuce's expiry timer reports a timeout up to one timer tick after the caller stopped waiting.
		await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(breaker.getState()).isEqualTo(State.OPEN));
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(5);
		assertThatExceptionOfType(RedisCircuitBreakerOpenException.class)
			.isThrownBy(() -> redis.opsForValue().get("cb:paused"))
			.withMessageContaining("; last error: timeout");
		this.server.resume();
		awaitClosedByTrialCalls(redis, breaker, "cb:paused");
	}

	@Test
	void callerErrorsNeverOpenTheBreaker() {
		this.context = ResilienceTestApplication.run(this.server);
		StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
		CircuitBreaker breaker = breaker();
		redis.opsForList().leftPush("cb:a-list", "x");
		for (int i = 0; i < 100; i++) {
			assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> redis.opsForValue().get("cb:a-list"))
				.withStackTraceContaining("WRONGTYPE");
		}
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> redis.execute((RedisCallback<Object>) (connection) -> connection.execute("NOSUCHCOMMAND")));
		assertThat(breaker.getState()).isEqualTo(State.CLOSED);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
	}

	@Test
	void writesAttemptedDuringAnOutageAreNeverAppliedLater() {
		this.context = ResilienceTestApplication.run(this.server);
		StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
		redis.opsForValue().set("ghost:warm", "up");
		this.server.kill();
		for (int i = 0; i < 20; i++) {
			String key = "ghost:" + i;
			assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> redis.opsForValue().set(key, "x"));
		}
		this.server.start();
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).ignoreExceptions().untilAsserted(() -> {
			redis.opsForValue().set("ghost:after", "y");
			assertThat(breaker().getState()).isEqualTo(State.CLOSED);
		});
		for (int i = 0; i < 20; i++) {
			assertThat(this.server.execute("EXISTS", "ghost:" + i)).as("ghost:" + i).isEqualTo(0L);
		}
	}

	@Test
	void eachCommandOfAPipelineIsACallAndATransactionIsItsMultiAndExec() {
		this.context = ResilienceTestApplication.run(this.server);
		StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
		CircuitBreaker breaker = breaker();
		redis.opsForValue().get("warm-up");
		AtomicInteger calls = new AtomicInteger();
		breaker.getEventPublisher().onSuccess((event) -> calls.incrementAndGet());
		List<Object> results = redis.executePipelined((RedisCallback<Object>) (connection) -> {
			for (int i = 0; i < 50; i++) {
				connection.stringCommands().set(("p:" + i).getBytes(), "v".getBytes());
			}
			return null;
		});
		assertThat(results).hasSize(50);
		assertThat(calls).hasValue(50);
		List<Object> exec = redis.execute(new org.springframework.data.redis.core.SessionCallback<List<Object>>() {
			@Override
			@SuppressWarnings({ "unchecked", "rawtypes" })
			public List<Object> execute(org.springframework.data.redis.core.RedisOperations operations) {
				operations.multi();
				for (int i = 0; i < 10; i++) {
					operations.opsForValue().increment("tx:counter");
				}
				return operations.exec();
			}
		});
		assertThat(exec).hasSize(10);
		assertThat(calls).as("MULTI and EXEC; queued commands are not calls").hasValue(52);
	}

	@Test
	void aTransactionLeftOpenGivesItsTrialPermissionBackOnClose() {
		this.context = ResilienceTestApplication.run(this.server,
				"tradingboost.redis.circuit-breaker.half-open-calls=1");
		StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
		CircuitBreaker breaker = breaker();
		halfOpen(breaker);
		redis.execute((RedisCallback<Object>) (connection) -> {
			connection.multi();
			return null;
		});
		redis.opsForValue().set("after-abandoned-transaction", "ok");
		assertThat(breaker.getState()).isEqualTo(State.CLOSED);
	}

	@Test
	void commandGroupsHandedOutByTheConnectionAreGatedToo() {
		this.context = ResilienceTestApplication.run(this.server);
		StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
		CircuitBreaker breaker = breaker();
		redis.execute((RedisCallback<Object>) (connection) -> {
			breaker.transitionToForcedOpenState();
			assertThatExceptionOfType(RedisCircuitBreakerOpenException.class)
				.isThrownBy(() -> connection.stringCommands().get("k".getBytes()));
			assertThatExceptionOfType(RedisCircuitBreakerOpenException.class)
				.isThrownBy(() -> connection.keyCommands().exists("k".getBytes()));
			return null;
		});
		assertThatExceptionOfType(RedisCircuitBreakerOpenException.class)
			.isThrownBy(() -> redis.execute((RedisCallback<Object>) (connection) -> connection.ping()));
	}

	/** Paused meanwhile, so that the health probe cannot move the breaker on by itself. */
	private void halfOpen(CircuitBreaker breaker) {
		this.server.pause();
		breaker.transitionToOpenState();
		breaker.transitionToHalfOpenState();
		this.server.resume();
	}

	/** The breaker closes on trial calls, so keep calling until it has. */
	private static void awaitClosedByTrialCalls(StringRedisTemplate redis, CircuitBreaker breaker, String key) {
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
			try {
				redis.opsForValue().get(key);
			}
			catch (DataAccessException stillRecovering) {
				// trial calls that fail are part of recovering
			}
			assertThat(breaker.getState()).isEqualTo(State.CLOSED);
		});
	}

	private CircuitBreaker breaker() {
		return this.context.getBean(CircuitBreakerRegistry.class).circuitBreaker("redis");
	}

}
