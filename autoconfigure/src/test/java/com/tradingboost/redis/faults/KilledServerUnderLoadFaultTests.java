package com.tradingboost.redis.faults;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;

import com.tradingboost.redis.DedicatedServerApplicationTests;
import com.tradingboost.redis.resilience.ResilienceTestApplication;
import com.tradingboost.redis.testsupport.DedicatedRedisServer;
import com.tradingboost.redis.testsupport.RedisServer;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 under concurrent readers and writers, then a restart on the same port without persistence: the application
 * recovers by itself (the breaker opens, closes again, reads and writes succeed), no write that failed appears on the
 * new server, and every write acknowledged after the kill is there.
 */
class KilledServerUnderLoadFaultTests extends DedicatedServerApplicationTests {

	private static final int WRITERS = 4;

	private static final int READERS = 4;

	KilledServerUnderLoadFaultTests(@DedicatedRedisServer RedisServer server) {
		super(server);
	}

	@Test
	void recoversByItselfAndNoFailedWriteAppearsLater() throws Exception {
		this.context = ResilienceTestApplication.run(this.server);
		StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
		CircuitBreaker breaker = this.context.getBean(CircuitBreakerRegistry.class).circuitBreaker("redis");
		Set<String> failedWrites = ConcurrentHashMap.newKeySet();
		Set<String> acknowledgedAfterKill = ConcurrentHashMap.newKeySet();
		AtomicLongArray sequence = new AtomicLongArray(WRITERS);
		AtomicLong writes = new AtomicLong();
		AtomicLong reads = new AtomicLong();
		Map<String, Integer> readFailures = new ConcurrentHashMap<>();
		boolean[] killed = new boolean[1];
		Object killedLock = new Object();
		FaultLoad load = new FaultLoad(WRITERS + READERS, (thread) -> {
			if (thread >= WRITERS) {
				try {
					redis.opsForValue().get("kill:probe");
					reads.incrementAndGet();
				}
				catch (DataAccessException ex) {
					readFailures.merge(ex.getClass().getSimpleName(), 1, Integer::sum);
					// Paces the failing clients (a refused call takes microseconds); it synchronises nothing.
					LockSupport.parkNanos(1_000_000);
				}
				return;
			}
			boolean afterKill;
			synchronized (killedLock) {
				afterKill = killed[0];
			}
			String key = "kill:w:" + thread + ":" + sequence.incrementAndGet(thread);
			try {
				redis.opsForValue().set(key, "v");
				writes.incrementAndGet();
				if (afterKill) {
					acknowledgedAfterKill.add(key);
				}
			}
			catch (DataAccessException ex) {
				failedWrites.add(key);
				LockSupport.parkNanos(1_000_000);
			}
		});
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> writes.get() >= 500 && reads.get() >= 500);
			this.server.kill();
			synchronized (killedLock) {
				killed[0] = true;
			}
			await().atMost(Duration.ofSeconds(15)).until(() -> breaker.getState() == State.OPEN);
			this.server.start();
			long writesBefore = writes.get();
			long readsBefore = reads.get();
			await().atMost(Duration.ofSeconds(20)).until(() -> breaker.getState() == State.CLOSED
					&& writes.get() >= writesBefore + 500 && reads.get() >= readsBefore + 500);
		}
		finally {
			load.stop();
		}
		@SuppressWarnings("unchecked")
		List<Object> present = (List<Object>) this.server.execute("KEYS", "kill:w:*");
		Set<Object> onServer = new HashSet<>(present);
		System.out.printf("kill -9 under %d writers and %d readers: %d writes failed, %d acknowledged after the kill,"
				+ " %d keys on the new server; read failures %s%n", WRITERS, READERS, failedWrites.size(),
				acknowledgedAfterKill.size(), onServer.size(), readFailures);
		assertThat(failedWrites).as("writes failed during the outage").isNotEmpty();
		assertThat(failedWrites).as("failed writes that appeared later").noneMatch(onServer::contains);
		assertThat(acknowledgedAfterKill).as("writes acknowledged after the kill").isNotEmpty();
		assertThat(onServer).as("writes acknowledged by the new server").containsAll(acknowledgedAfterKill);
		assertThat(onServer).as("the new server holds only what it acknowledged").hasSameSizeAs(acknowledgedAfterKill);
		assertThat(breaker.getState()).isEqualTo(State.CLOSED);
		assertThat(redis.opsForValue().increment("kill:after")).isEqualTo(1L);
	}

}
