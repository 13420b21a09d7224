package com.tradingboost.redis.faults;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;

import com.tradingboost.redis.DedicatedServerApplicationTests;
import com.tradingboost.redis.connection.RedisFailure;
import com.tradingboost.redis.health.RedisHealthMonitor;
import com.tradingboost.redis.health.RedisHealthSnapshot.Outcome;
import com.tradingboost.redis.resilience.ResilienceTestApplication;
import com.tradingboost.redis.testsupport.DedicatedRedisServer;
import com.tradingboost.redis.testsupport.RedisServer;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Redis is down when the application starts and comes back later: the application starts anyway, fails its calls as
 * an outage meanwhile, and serves by itself once Redis is back (health UP, breaker closed, reads and writes work),
 * with no write of the outage applied.
 */
class RedisDownAtStartFaultTests extends DedicatedServerApplicationTests {

	RedisDownAtStartFaultTests(@DedicatedRedisServer RedisServer server) {
		super(server);
	}

	@Test
	void startsWithoutRedisAndServesByItselfOnceRedisIsBack() {
		this.server.stop();
		this.context = ResilienceTestApplication.run(this.server);
		StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
		CircuitBreaker breaker = this.context.getBean(CircuitBreakerRegistry.class).circuitBreaker("redis");
		RedisHealthMonitor health = this.context.getBean(RedisHealthMonitor.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> health.getSnapshot().outcome() == Outcome.DOWN);
		for (int i = 0; i < 10; i++) {
			String key = "down-at-start:" + i;
			assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> redis.opsForValue().set(key, "x"))
				.satisfies((ex) -> assertThat(RedisFailure.of(ex).isUnavailable()).as(FaultLoad.chain(ex)).isTrue());
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> breaker.getState() == State.OPEN);

		this.server.start();
		await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
			try {
				redis.opsForValue().set("down-at-start:after", "y");
			}
			catch (DataAccessException stillRecovering) {
				// calls that fail while the breaker moves on are part of recovering
			}
			return breaker.getState() == State.CLOSED && health.getSnapshot().outcome() == Outcome.UP;
		});
		assertThat(redis.opsForValue().increment("down-at-start:counter")).isEqualTo(1L);
		assertThat(redis.opsForValue().get("down-at-start:after")).isEqualTo("y");
		for (int i = 0; i < 10; i++) {
			assertThat(this.server.execute("EXISTS", "down-at-start:" + i)).as("down-at-start:" + i).isEqualTo(0L);
		}
	}

}
