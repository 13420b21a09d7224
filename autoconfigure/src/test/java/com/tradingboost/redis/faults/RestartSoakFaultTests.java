package com.tradingboost.redis.faults;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.lettuce.core.resource.ClientResources;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.tradingboost.redis.DedicatedServerApplicationTests;
import com.tradingboost.redis.resilience.ResilienceTestApplication;
import com.tradingboost.redis.testsupport.DedicatedRedisServer;
import com.tradingboost.redis.testsupport.RedisServer;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A short soak: about 25 s of reads, writes and transactions from several threads while the server is killed once and
 * stopped once, each time restarted on the same port. After each restart the application serves again without
 * errors, and at the end the server's client connections and the JVM's threads are back where they were before the
 * restarts: nothing leaks per outage.
 */
@Tag("faults")
class RestartSoakFaultTests extends DedicatedServerApplicationTests {

	private static final int CLIENTS = 6;

	/** Time the load runs between restarts and after the last one (the soak is a few such phases). */
	private static final Duration PHASE = Duration.ofSeconds(5);

	RestartSoakFaultTests(@DedicatedRedisServer RedisServer server) {
		super(server);
	}

	@Test
	void connectionsAndThreadsStayFlatAcrossRestartsAndServiceResumesWithoutErrors() throws Exception {
		this.context = ResilienceTestApplication.run(this.server, "tradingboost.redis.client-name=soak");
		StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
		CircuitBreaker breaker = this.context.getBean(CircuitBreakerRegistry.class).circuitBreaker("redis");
		ClientResources resources = this.context.getBean(ClientResources.class);
		AtomicLongArray successes = new AtomicLongArray(CLIENTS);
		AtomicLong errors = new AtomicLong();
		Map<String, Integer> errorKinds = new ConcurrentHashMap<>();

		FaultLoad.Body body = (thread) -> {
			try {
				long n = successes.get(thread);
				if (n % 10 == 0) {
					redis.execute(incrementTwice("soak:tx:" + thread));
				}
				else if (n % 2 == 0) {
					redis.opsForValue().set("soak:k:" + thread, Long.toString(n));
				}
				else {
					redis.opsForValue().get("soak:k:" + thread);
				}
				successes.incrementAndGet(thread);
			}
			catch (DataAccessException ex) {
				errors.incrementAndGet();
				errorKinds.merge(ex.getClass().getSimpleName(), 1, Integer::sum);
				// Paces the failing clients (a refused call takes microseconds); it synchronises nothing.
				LockSupport.parkNanos(1_000_000);
			}
		};

		// Warm up: every kind of connection and thread the load needs exists, then the baseline without load.
		FaultLoad warmUp = new FaultLoad(CLIENTS, body);
		try {
			await().atMost(Duration.ofSeconds(20)).until(() -> everyClientReached(successes, 500));
		}
		finally {
			warmUp.stop();
		}
		assertThat(errors.get()).as("errors while warming up: %s", errorKinds).isZero();
		int baselineClients = this.server.connectedClients();
		int baselineThreads = threadsOtherThanLettuce();

		FaultLoad load = new FaultLoad(CLIENTS, body);
		try {
			for (int restart = 0; restart < 2; restart++) {
				long[] before = snapshot(successes);
				await().pollDelay(PHASE).atMost(PHASE.plusSeconds(15)).until(() -> everyClientGrew(successes, before, 100));
				if (restart == 0) {
					this.server.kill();
				}
				else {
					this.server.stop();
				}
				await().atMost(Duration.ofSeconds(15)).until(() -> breaker.getState() == State.OPEN);
				this.server.start();
				long[] restarted = snapshot(successes);
				await().atMost(Duration.ofSeconds(20))
					.until(() -> breaker.getState() == State.CLOSED && everyClientGrew(successes, restarted, 100));
				// Recovered: from here on, a phase of load without a single error.
				long errorsAtRecovery = errors.get();
				long[] recovered = snapshot(successes);
				await().pollDelay(PHASE).atMost(PHASE.plusSeconds(15)).until(() -> everyClientGrew(successes, recovered, 100));
				assertThat(errors.get()).as("errors after recovery from restart %d: %s", restart + 1, errorKinds)
					.isEqualTo(errorsAtRecovery);
			}
		}
		finally {
			load.stop();
		}

		// Its I/O and computation pools, and the timer thread of its command timeouts.
		int lettuceCeiling = resources.ioThreadPoolSize() + resources.computationThreadPoolSize() + 1;
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			assertThat(this.server.connectedClients()).as("server-side client connections (baseline %d)", baselineClients)
				.isBetween(1, baselineClients + 1);
			assertThat(threadsOtherThanLettuce()).as("JVM threads other than Lettuce's pools (baseline %d)", baselineThreads)
				.isLessThanOrEqualTo(baselineThreads + 2);
			assertThat(lettuceThreads()).as("Lettuce's threads, bounded by its pools' sizes: %s",
					liveThreadNames().stream().filter((name) -> name.startsWith("lettuce-")).toList()).isLessThanOrEqualTo(lettuceCeiling);
		});
		System.out.printf("soak: %d operations, %d errors during the outages %s; clients %d (baseline %d), threads %d"
				+ " (baseline %d) + Lettuce %d (ceiling %d)%n", Arrays.stream(snapshot(successes)).sum(), errors.get(),
				errorKinds, this.server.connectedClients(), baselineClients, threadsOtherThanLettuce(), baselineThreads,
				lettuceThreads(), lettuceCeiling);
	}

	private static boolean everyClientReached(AtomicLongArray successes, long count) {
		return Arrays.stream(snapshot(successes)).allMatch((n) -> n >= count);
	}

	private static boolean everyClientGrew(AtomicLongArray successes, long[] before, long by) {
		long[] now = snapshot(successes);
		for (int i = 0; i < now.length; i++) {
			if (now[i] < before[i] + by) {
				return false;
			}
		}
		return true;
	}

	private static long[] snapshot(AtomicLongArray values) {
		long[] snapshot = new long[values.length()];
		for (int i = 0; i < snapshot.length; i++) {
			snapshot[i] = values.get(i);
		}
		return snapshot;
	}

	/**
	 * Lettuce starts the threads of its event loop groups lazily, one per newly registered channel up to the group's
	 * size, so reconnections may add some up to that fixed ceiling: they are counted apart.
	 */
	private static List<String> liveThreadNames() {
		return Arrays.stream(ManagementFactory.getThreadMXBean().dumpAllThreads(false, false))
			.filter(Objects::nonNull)
			.map(ThreadInfo::getThreadName)
			.toList();
	}

	private static int lettuceThreads() {
		return (int) liveThreadNames().stream().filter((name) -> name.startsWith("lettuce-")).count();
	}

	private static int threadsOtherThanLettuce() {
		return (int) liveThreadNames().stream().filter((name) -> !name.startsWith("lettuce-")).count();
	}

	private static SessionCallback<List<Object>> incrementTwice(String key) {
		return new SessionCallback<>() {
			@Override
			@SuppressWarnings({ "unchecked", "rawtypes" })
			public List<Object> execute(RedisOperations operations) {
				operations.multi();
				operations.opsForValue().increment(key);
				operations.opsForValue().increment(key);
				return operations.exec();
			}
		};
	}

}
