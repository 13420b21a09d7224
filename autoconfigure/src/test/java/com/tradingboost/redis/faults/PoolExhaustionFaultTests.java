package com.tradingboost.redis.faults;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.tradingboost.redis.DedicatedServerApplicationTests;
import com.tradingboost.redis.connection.RedisPoolExhaustedException;
import com.tradingboost.redis.resilience.ResilienceTestApplication;
import com.tradingboost.redis.testsupport.DedicatedRedisServer;
import com.tradingboost.redis.testsupport.RedisServer;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A small pool whose dedicated connections are all held by open transactions: the next transaction fails after
 * pool.max-wait with {@link RedisPoolExhaustedException} naming both properties, ordinary commands on the shared
 * connection go on meanwhile, and the pool serves again as soon as a transaction ends.
 */
class PoolExhaustionFaultTests extends DedicatedServerApplicationTests {

	PoolExhaustionFaultTests(@DedicatedRedisServer RedisServer server) {
		super(server);
	}

	@Test
	void theExtraCallerFailsAfterMaxWaitNamingTheLimitsAndThePoolRecovers() throws Exception {
		// max-active 3 = the shared connection + two dedicated ones.
		this.context = ResilienceTestApplication.run(this.server, "tradingboost.redis.command-timeout=2s",
				"tradingboost.redis.pool.max-active=3", "tradingboost.redis.pool.max-idle=3",
				"tradingboost.redis.pool.max-wait=400ms");
		StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
		redis.opsForValue().set("pool:shared", "v");
		CountDownLatch inTransaction = new CountDownLatch(2);
		CountDownLatch release = new CountDownLatch(1);
		ExecutorService holders = Executors.newFixedThreadPool(2);
		try {
			List<Future<List<Object>>> held = List.of(holders.submit(() -> redis.execute(holdOpen(inTransaction, release))),
					holders.submit(() -> redis.execute(holdOpen(inTransaction, release))));
			assertThat(inTransaction.await(10, TimeUnit.SECONDS)).as("both transactions began").isTrue();

			long start = System.nanoTime();
			assertThatExceptionOfType(DataAccessException.class)
				.isThrownBy(() -> assertTimeoutPreemptively(Duration.ofSeconds(10),
						() -> redis.execute(incrementInTransaction("pool:third"))))
				.satisfies((ex) -> assertThat(FaultLoad.causeOfType(ex, RedisPoolExhaustedException.class))
					.as(FaultLoad.chain(ex))
					.isNotNull()
					.hasMessageContaining("all 3 connections (tradingboost.redis.pool.max-active) are in use")
					.hasMessageContaining("within 400ms (tradingboost.redis.pool.max-wait)"));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("waited for max-wait").isGreaterThanOrEqualTo(Duration.ofMillis(400));
			assertThat(redis.opsForValue().get("pool:shared")).as("the shared connection serves meanwhile").isEqualTo("v");
			assertThat(this.server.execute("EXISTS", "pool:third")).isEqualTo(0L);

			release.countDown();
			for (Future<List<Object>> transaction : held) {
				assertThat(transaction.get(10, TimeUnit.SECONDS)).hasSize(1);
			}
			assertThat(redis.opsForValue().get("pool:held")).isEqualTo("2");
			List<Object> again = CompletableFuture.supplyAsync(() -> redis.execute(incrementInTransaction("pool:third")))
				.get(10, TimeUnit.SECONDS);
			assertThat(again).containsExactly(1L);
		}
		finally {
			release.countDown();
			holders.shutdownNow();
		}
	}

	/** A transaction that queues one INCR, then holds its pooled connection until released. */
	private static SessionCallback<List<Object>> holdOpen(CountDownLatch inTransaction, CountDownLatch release) {
		return new SessionCallback<>() {
			@Override
			@SuppressWarnings({ "unchecked", "rawtypes" })
			public List<Object> execute(RedisOperations operations) {
				operations.multi();
				operations.opsForValue().increment("pool:held");
				inTransaction.countDown();
				try {
					if (!release.await(30, TimeUnit.SECONDS)) {
						throw new IllegalStateException("never released");
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
				return operations.exec();
			}
		};
	}

	private static SessionCallback<List<Object>> incrementInTransaction(String key) {
		return new SessionCallback<>() {
			@Override
			@SuppressWarnings({ "unchecked", "rawtypes" })
			public List<Object> execute(RedisOperations operations) {
				operations.multi();
				operations.opsForValue().increment(key);
				return operations.exec();
			}
		};
	}

}
