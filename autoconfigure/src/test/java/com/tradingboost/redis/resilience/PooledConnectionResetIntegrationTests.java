package com.tradingboost.redis.resilience;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.tradingboost.redis.DedicatedServerApplicationTests;
import com.tradingboost.redis.ops.RedisOptimisticUpdates;
import com.tradingboost.redis.testsupport.DedicatedRedisServer;
import com.tradingboost.redis.testsupport.RedisServer;

import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A dedicated connection goes back to the pool without what its borrower left on it: the next borrower's transaction
 * never runs under a stale WATCH and is never silently discarded.
 */
class PooledConnectionResetIntegrationTests extends DedicatedServerApplicationTests {

	PooledConnectionResetIntegrationTests(@DedicatedRedisServer RedisServer server) {
		super(server);
	}

	@Test
	void aWatchLeftByAFailedBorrowerDoesNotDiscardTheNextTransaction() {
		// One pooled connection besides the shared one, so the next borrower gets the same connection.
		this.context = ResilienceTestApplication.run(this.server, "tradingboost.redis.pool.max-active=2");
		StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
		redis.opsForValue().set("orders:count", "1");
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> redis.execute(new SessionCallback<>() {

			@Override
			@SuppressWarnings({ "unchecked", "rawtypes" })
			public Object execute(RedisOperations operations) {
				operations.watch("orders:count");
				throw new IllegalStateException("the borrower failed after WATCH");
			}

		}));
		this.server.execute("SET", "orders:count", "2");
		List<Object> results = redis.execute(new SessionCallback<>() {

			@Override
			@SuppressWarnings({ "unchecked", "rawtypes" })
			public List<Object> execute(RedisOperations operations) {
				operations.multi();
				operations.opsForHash().put("user:settings:victim", "theme", "dark");
				return operations.exec();
			}

		});
		assertThat(results).as("EXEC was not discarded").hasSize(1);
		assertThat(this.server.execute("EXISTS", "user:settings:victim")).isEqualTo(1L);
	}

	@Test
	void aFailedOptimisticUpdateLeavesNoWatchBehind() {
		this.context = ResilienceTestApplication.run(this.server, "tradingboost.redis.pool.max-active=2");
		StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
		RedisOptimisticUpdates<String, String> updates = this.context.getBean(RedisOptimisticUpdates.class);
		redis.opsForValue().set("orders:count", "abc");
		assertThatExceptionOfType(NumberFormatException.class).isThrownBy(() -> updates.update("orders:count",
				(current) -> Long.toString(Long.parseLong(current) + 1)));
		this.server.execute("SET", "orders:count", "7");
		List<Object> results = redis.execute(new SessionCallback<>() {

			@Override
			@SuppressWarnings({ "unchecked", "rawtypes" })
			public List<Object> execute(RedisOperations operations) {
				operations.multi();
				operations.opsForValue().set("user:settings:victim", "saved");
				return operations.exec();
			}

		});
		assertThat(results).as("EXEC was not discarded").hasSize(1);
		assertThat(this.server.execute("GET", "user:settings:victim")).isEqualTo("saved");
		assertThat(updates.increment("orders:count", 1)).isEqualTo(8);
	}

	@Test
	void aTransactionLeftOpenIsDiscardedBeforeTheConnectionIsPooledAgain() {
		this.context = ResilienceTestApplication.run(this.server, "tradingboost.redis.pool.max-active=2");
		StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> redis.execute(new SessionCallback<>() {

			@Override
			@SuppressWarnings({ "unchecked", "rawtypes" })
			public Object execute(RedisOperations operations) {
				operations.multi();
				operations.opsForValue().set("left:open", "queued");
				throw new IllegalStateException("the borrower failed inside MULTI");
			}

		}));
		assertThat(redis.opsForValue().get("left:open")).isNull();
		List<Object> results = redis.execute(new SessionCallback<>() {

			@Override
			@SuppressWarnings({ "unchecked", "rawtypes" })
			public List<Object> execute(RedisOperations operations) {
				operations.multi();
				operations.opsForValue().set("next:borrower", "ok");
				return operations.exec();
			}

		});
		assertThat(results).hasSize(1);
		assertThat(this.server.execute("EXISTS", "left:open")).as("the abandoned MULTI never ran").isEqualTo(0L);
	}

}
