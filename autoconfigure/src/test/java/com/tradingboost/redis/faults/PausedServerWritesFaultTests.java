package com.tradingboost.redis.faults;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;

import com.tradingboost.redis.DedicatedServerApplicationTests;
import com.tradingboost.redis.connection.RedisFailure;
import com.tradingboost.redis.resilience.ResilienceTestApplication;
import com.tradingboost.redis.testsupport.DedicatedRedisServer;
import com.tradingboost.redis.testsupport.RedisServer;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Writes while the server is frozen (SIGSTOP) for longer than command-timeout, under concurrent writers: the README's
 * rule holds. Writes are never retried, so the counter is at least every acknowledged increment (nothing acknowledged
 * is lost) and at most those plus the increments that failed after they were sent (timeouts, which the server runs
 * when it wakes up), never more (nothing applied twice).
 */
class PausedServerWritesFaultTests extends DedicatedServerApplicationTests {

	private static final int WRITERS = 4;

	PausedServerWritesFaultTests(@DedicatedRedisServer RedisServer server) {
		super(server);
	}

	@Test
	void everyAcknowledgedIncrementIsKeptAndNoneIsAppliedTwice() throws Exception {
		this.context = ResilienceTestApplication.run(this.server);
		StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
		CircuitBreaker breaker = this.context.getBean(CircuitBreakerRegistry.class).circuitBreaker("redis");
		ConcurrentLinkedQueue<Long> acknowledged = new ConcurrentLinkedQueue<>();
		AtomicInteger mayHaveRun = new AtomicInteger();
		AtomicInteger timeouts = new AtomicInteger();
		AtomicInteger didNotRun = new AtomicInteger();
		Map<String, Integer> unexpected = new ConcurrentHashMap<>();
		FaultLoad writers = new FaultLoad(WRITERS, (thread) -> {
			try {
				acknowledged.add(redis.opsForValue().increment("pause:counter"));
			}
			catch (DataAccessException ex) {
				if (RedisFailure.of(ex) == RedisFailure.TIMEOUT) {
					timeouts.incrementAndGet();
				}
				if (FaultLoad.mayHaveRun(ex)) {
					mayHaveRun.incrementAndGet();
				}
				else if (FaultLoad.didNotRun(ex)) {
					didNotRun.incrementAndGet();
				}
				else {
					unexpected.merge(FaultLoad.chain(ex), 1, Integer::sum);
				}
			}
		});
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.size() >= 500);
			this.server.pause();
			// Frozen until every writer has waited out command-timeout at least once and the breaker opened.
			await().atMost(Duration.ofSeconds(15)).until(() -> timeouts.get() >= WRITERS && breaker.getState() == State.OPEN);
			this.server.resume();
			int beforeRecovery = acknowledged.size();
			await().atMost(Duration.ofSeconds(15))
				.until(() -> breaker.getState() == State.CLOSED && acknowledged.size() >= beforeRecovery + 500);
		}
		finally {
			writers.stop();
		}
		// On the writers' own (shared, ordered) connection: read after every increment sent on it.
		long counter = Long.parseLong(redis.opsForValue().get("pause:counter"));
		List<Long> values = List.copyOf(acknowledged);
		System.out.printf("SIGSTOP under %d writers: counter %d, acknowledged %d, may have run %d (timeouts %d),"
				+ " did not run %d%n", WRITERS, counter, values.size(), mayHaveRun.get(), timeouts.get(), didNotRun.get());

		assertThat(unexpected).as("failures that are neither timeouts nor refusals").isEmpty();
		assertThat(timeouts.get()).isGreaterThanOrEqualTo(WRITERS);
		assertThat(new HashSet<>(values)).as("each acknowledged INCR answered its own value").hasSameSizeAs(values);
		assertThat(values).as("no acknowledged increment is lost").allSatisfy((value) -> assertThat(value).isLessThanOrEqualTo(counter));
		assertThat(counter).as("acknowledged %d, may have run %d, did not run %d", values.size(), mayHaveRun.get(),
				didNotRun.get())
			.isBetween((long) values.size(), (long) values.size() + mayHaveRun.get());
	}

}
