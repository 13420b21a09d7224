package com.tradingboost.redis.resilience;

import java.io.IOException;
import java.net.SocketException;
import java.time.Instant;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import org.junit.jupiter.api.Test;

import com.tradingboost.redis.connection.RedisConnectionLostException;
import com.tradingboost.redis.connection.RedisPoolExhaustedException;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.serializer.SerializationException;

import static org.assertj.core.api.Assertions.assertThat;

class RedisOutagesTests {

	@Test
	void unavailabilityCountsAsAnOutage() {
		assertThat(RedisOutages.isOutage(new RedisConnectionFailureException("Unable to connect"))).isTrue();
		assertThat(RedisOutages.isOutage(new QueryTimeoutException("Redis command timed out"))).isTrue();
		assertThat(RedisOutages.isOutage(new RedisConnectionFailureException("Redis connection failed",
				new RedisConnectionLostException("GET", false,
						new RedisException("Currently not connected. Commands are rejected."))))).isTrue();
		assertThat(RedisOutages.isOutage(new RedisSystemException("x", new RedisCommandTimeoutException("timeout"))))
			.isTrue();
		assertThat(RedisOutages.isOutage(new RedisSystemException("x", new SocketException("Connection reset"))))
			.isTrue();
		assertThat(RedisOutages.isOutage(new RedisPoolExhaustedException(2, java.time.Duration.ofMillis(1),
				new java.util.NoSuchElementException("Timeout waiting for idle object")))).isTrue();
		assertThat(RedisOutages.isOutage(new RedisSystemException("x",
				new RedisCommandExecutionException("LOADING Redis is loading the dataset in memory")))).isTrue();
		assertThat(RedisOutages.isOutage(new RedisSystemException("x",
				new RedisCommandExecutionException("BUSY Redis is busy running a script")))).isTrue();
	}

	@Test
	void theCallersOwnErrorsAreNotOutages() {
		assertThat(RedisOutages.isOutage(new RedisSystemException("x", new RedisCommandExecutionException(
				"WRONGTYPE Operation against a key holding the wrong kind of value")))).isFalse();
		assertThat(RedisOutages.isOutage(new RedisSystemException("x",
				new RedisCommandExecutionException("ERR syntax error")))).isFalse();
		assertThat(RedisOutages.isOutage(new RedisSystemException("x",
				new RedisCommandExecutionException("NOSCRIPT No matching script")))).isFalse();
		assertThat(RedisOutages.isOutage(new SerializationException("bad bytes"))).isFalse();
		assertThat(RedisOutages.isOutage(new SerializationException("Cannot deserialize",
				new java.io.StreamCorruptedException("invalid stream header")))).isFalse();
		assertThat(RedisOutages.isOutage(new IllegalArgumentException("Key must not be null"))).isFalse();
		assertThat(RedisOutages.isOutage(new SerializationException("Cannot read", new IOException("truncated"))))
			.as("an IOException of the caller's serializer").isFalse();
		assertThat(RedisOutages.isOutage(new java.util.NoSuchElementException("no such element"))).isFalse();
	}

	@Test
	void messageTextIsNeverReadOnlyTypes() {
		assertThat(RedisOutages.isOutage(new RedisSystemException("Redis exception",
				new RedisException("Currently not connected. Commands are rejected.")))).isFalse();
	}

	@Test
	void aRefusalByTheBreakerIsNotAnOutageButRedisIsUnavailable() {
		RedisCircuitBreakerOpenException refusal = new RedisCircuitBreakerOpenException("OPEN", Instant.now(), null);
		assertThat(RedisOutages.isOutage(refusal)).isFalse();
		assertThat(RedisOutages.isUnavailable(refusal)).isTrue();
		assertThat(RedisOutages.isUnavailable(new QueryTimeoutException("timed out"))).isTrue();
		assertThat(RedisOutages.isUnavailable(new SerializationException("bad bytes"))).isFalse();
	}

}
