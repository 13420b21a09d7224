package com.tradingboost.redis.resilience;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedisCircuitBreakerOpenExceptionTests {

	@Test
	void neverSaysTheBreakerIsClosedAndFailsFast() {
		// The gate reads the state after the refusal; trial calls may have closed the breaker in between.
		RedisCircuitBreakerOpenException refusal = new RedisCircuitBreakerOpenException("CLOSED", Instant.now(), null);
		assertThat(refusal.getMessage()).doesNotContain("breaker is CLOSED")
			.doesNotContain("fail fast")
			.isEqualTo("Redis circuit breaker refused the call while its trial calls were running; it is CLOSED now,"
					+ " so calls go through again");
	}

	@Test
	void saysWhyAHalfOpenBreakerRefuses() {
		Instant since = Instant.parse("2026-12-02T10:00:00Z");
		assertThat(new RedisCircuitBreakerOpenException("HALF_OPEN", since, null).getMessage())
			.isEqualTo("Redis circuit breaker is HALF_OPEN since 2026-12-02T10:00:00Z; its trial calls are running and"
					+ " other Redis calls fail fast until they succeed");
	}

	@Test
	void namesTheNextTrialWhileOpen() {
		Instant since = Instant.parse("2026-12-02T10:00:00Z");
		assertThat(new RedisCircuitBreakerOpenException("OPEN", since, since.plusSeconds(60)).getMessage())
			.startsWith("Redis circuit breaker is OPEN since 2026-12-02T10:00:00Z; Redis calls fail fast; next trial at"
					+ " 2026-12-02T10:01:00Z");
	}

}
