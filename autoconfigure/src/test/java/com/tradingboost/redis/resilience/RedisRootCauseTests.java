package com.tradingboost.redis.resilience;

import java.net.ConnectException;
import java.time.Instant;
import java.util.NoSuchElementException;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import org.junit.jupiter.api.Test;

import com.tradingboost.redis.connection.RedisConnectionLostException;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.PoolException;

import static org.assertj.core.api.Assertions.assertThat;

class RedisRootCauseTests {

	@Test
	void namesTheRootCauseInsteadOfSpringDataRedissWrapper() {
		// What reaches a caller of Spring Data while Lettuce reconnects, through the starter's gate.
		RedisConnectionFailureException rejected = new RedisConnectionFailureException("Redis connection failed",
				new RedisConnectionLostException("GET", false,
						new RedisException("Currently not connected. Commands are rejected.")));
		assertThat(RedisRootCause.describe(rejected)).isEqualTo("not connected (commands are rejected while reconnecting)");
		assertThat(RedisRootCause.kind(rejected)).isEqualTo("not connected");
	}

	@Test
	void namesATimeoutWithItsDuration() {
		QueryTimeoutException timeout = new QueryTimeoutException("Redis command timed out",
				new RedisCommandTimeoutException("Command timed out after 3 second(s)"));
		assertThat(RedisRootCause.describe(timeout)).isEqualTo("timeout after 3 s");
		assertThat(RedisRootCause.describe(new RedisCommandTimeoutException("Command timed out after 500 millisecond(s)")))
			.isEqualTo("timeout after 500 ms");
		assertThat(RedisRootCause.kind(timeout)).isEqualTo("timeout");
	}

	@Test
	void namesRefusedCredentialsByTheServersReply() {
		RedisConnectionFailureException wrongPassword = new RedisConnectionFailureException("Unable to connect to Redis",
				new RedisConnectionException("Unable to connect to localhost/<unresolved>:6379",
						new RedisCommandExecutionException("WRONGPASS invalid username-password pair or user is disabled.")));
		assertThat(RedisRootCause.describe(wrongPassword))
			.isEqualTo("WRONGPASS invalid username-password pair or user is disabled.");
		assertThat(RedisRootCause.isAuthenticationFailure(wrongPassword)).isTrue();
		assertThat(RedisRootCause.kind(wrongPassword)).isEqualTo("authentication failed");
		assertThat(RedisRootCause.isAuthenticationFailure(new RedisCommandExecutionException("NOAUTH Authentication required.")))
			.isTrue();
		assertThat(RedisRootCause.isAuthenticationFailure(new RedisCommandExecutionException("WRONGTYPE Operation")))
			.isFalse();
	}

	@Test
	void namesARefusedConnectionAnOpenBreakerAndAnExhaustedPool() {
		assertThat(RedisRootCause.describe(new RedisConnectionFailureException("Unable to connect to Redis",
				new RedisConnectionException("Unable to connect", new ConnectException("Connection refused")))))
			.isEqualTo("connection refused");
		assertThat(RedisRootCause.describe(new RedisCircuitBreakerOpenException("OPEN", Instant.now(), null)))
			.isEqualTo("circuit breaker OPEN");
		PoolException exhausted = new PoolException("Could not get a resource from the pool",
				new NoSuchElementException("Timeout waiting for idle object"));
		assertThat(RedisRootCause.describe(exhausted)).startsWith("connection pool exhausted");
		assertThat(RedisRootCause.kind(exhausted)).isEqualTo("connection pool exhausted");
	}

	@Test
	void masksCredentialsInUrlsAndFallsBackToTheDeepestCause() {
		assertThat(RedisRootCause.describe(new IllegalStateException("wrapper",
				new IllegalArgumentException("bad url redis://app:secret@cache:6379"))))
			.isEqualTo("IllegalArgumentException: bad url redis://******@cache:6379");
	}

}
