package com.tradingboost.redis.resilience;

import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.lettuce.core.RedisException;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.RedisSystemException;

import static org.assertj.core.api.Assertions.assertThat;

class BreakerTransitionsTests {

	@Test
	void theCauseOfOpeningNamesTheRootCauseNotSpringDataRedissWrapper() {
		CircuitBreaker breaker = CircuitBreaker.of("redis", CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(5)
			.minimumNumberOfCalls(5)
			.failureRateThreshold(100)
			.build());
		BreakerTransitions transitions = new BreakerTransitions(breaker, 20);
		for (int i = 0; i < 5; i++) {
			breaker.onError(1, TimeUnit.MILLISECONDS, new RedisSystemException("Redis exception",
					new RedisException("Currently not connected. Commands are rejected.")));
		}
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(transitions.list()).singleElement()
			.satisfies((transition) -> assertThat(transition.cause()).isEqualTo(
					"failure rate 100.0% of the last 5 calls; last error: not connected (commands are rejected while"
							+ " reconnecting)"));
	}

}
