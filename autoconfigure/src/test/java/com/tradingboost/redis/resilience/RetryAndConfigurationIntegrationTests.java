package com.tradingboost.redis.resilience;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import org.junit.jupiter.api.Test;

import com.tradingboost.redis.DedicatedServerApplicationTests;
import com.tradingboost.redis.testsupport.CommandStats;
import com.tradingboost.redis.testsupport.DedicatedRedisServer;
import com.tradingboost.redis.testsupport.RedisServer;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RetryAndConfigurationIntegrationTests extends DedicatedServerApplicationTests {

	RetryAndConfigurationIntegrationTests(@DedicatedRedisServer RedisServer server) {
		super(server);
	}

	@Test
	void aReadIssuedDuringAShortOutageSucceeds() throws Exception {
		// The default 4 attempts wait 100 + 200 + 400 ms: a reconnect, not a restart; 10 attempts would span ~5 s, cut at the 3 s command timeout.
		this.context = ResilienceTestApplication.run(this.server, "tradingboost.redis.retry.max-attempts=10",
				"tradingboost.redis.command-timeout=3s");
		StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
		redis.opsForValue().get("warm-up");
		this.server.stop();
		CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> redis.opsForValue().get("retry:key"));
		Thread.sleep(300);
		this.server.start();
		assertThat(read.get(10, TimeUnit.SECONDS)).isNull();
		assertThat(this.context.getBean(RetryRegistry.class).retry("redis").getMetrics()
			.getNumberOfSuccessfulCallsWithRetryAttempt()).isEqualTo(1);
	}

	@Test
	void timedOutCommandsAreNeverRetried() throws Exception {
		this.context = ResilienceTestApplication.run(this.server, "tradingboost.redis.command-timeout=200ms");
		StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
		redis.opsForValue().get("warm-up");
		this.server.execute("CONFIG", "RESETSTAT");
		this.server.pause();
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> redis.opsForValue().increment("retry:counter"));
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> redis.opsForValue().get("retry:key"));
		this.server.resume();
		CommandStats stats = CommandStats.of(this.server);
		assertThat(stats.calls("incr")).as("the write was not repeated").isEqualTo(1);
		assertThat(stats.calls("get")).as("a timed-out read is not repeated either").isEqualTo(1);
		assertThat(this.server.execute("GET", "retry:counter")).isEqualTo("1");
	}

	@Test
	void explicitResilience4jPropertiesWinOverTheStartersDefaults() {
		this.context = ResilienceTestApplication.run(this.server, "tradingboost.redis.circuit-breaker.failure-threshold=3",
				"tradingboost.redis.circuit-breaker.recovery-timeout=20s",
				"resilience4j.circuitbreaker.instances.redis.sliding-window-size=7");
		CircuitBreakerConfig config = this.context.getBean(CircuitBreakerRegistry.class)
			.circuitBreaker("redis")
			.getCircuitBreakerConfig();
		assertThat(config.getSlidingWindowSize()).isEqualTo(7);
		assertThat(config.getMinimumNumberOfCalls()).isEqualTo(3);
		assertThat(config.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(20_000L);
		assertThat(config.getFailureRateThreshold()).isEqualTo(100f);
		assertThat(config.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(3);
		assertThat(config.isAutomaticTransitionFromOpenToHalfOpenEnabled()).isTrue();
	}

	@Test
	void theBreakerCanBeSwitchedOff() {
		this.context = ResilienceTestApplication.run(this.server, "tradingboost.redis.circuit-breaker.enabled=false");
		assertThat(this.context.getBeanProvider(CircuitBreakerCommandGate.class).getIfAvailable()).isNull();
		StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
		redis.opsForValue().get("warm-up");
		this.server.kill();
		for (int i = 0; i < 10; i++) {
			assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> redis.opsForValue().get("k"))
				.isNotInstanceOf(RedisCircuitBreakerOpenException.class);
		}
	}



}
