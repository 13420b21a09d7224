package com.tradingboost.redis.resilience;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;

import com.tradingboost.redis.DedicatedServerApplicationTests;
import com.tradingboost.redis.connection.RedisFailure;
import com.tradingboost.redis.testsupport.DedicatedRedisServer;
import com.tradingboost.redis.testsupport.RedisServer;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.serializer.JdkSerializationRedisSerializer;
import org.springframework.data.redis.serializer.StringRedisSerializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * The classifier over real failures, as an application sees them through Spring Data Redis from a real server.
 */
class RedisFailureClassificationTests extends DedicatedServerApplicationTests {

	RedisFailureClassificationTests(@DedicatedRedisServer RedisServer server) {
		super(server);
	}

	@Test
	void theCallersOwnErrorsAreCallerErrors() {
		this.context = ResilienceTestApplication.run(this.server);
		StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
		redis.opsForList().leftPush("classify:list", "x");
		assertThat(kind(() -> redis.opsForValue().get("classify:list"))).as("WRONGTYPE").isEqualTo(RedisFailure.CALLER);
		assertThat(kind(() -> redis.execute((RedisCallback<Object>) (c) -> c.execute("SET", "only-a-key".getBytes()))))
			.as("wrong number of arguments").isEqualTo(RedisFailure.CALLER);
		assertThat(kind(() -> redis.execute((RedisCallback<Object>) (c) -> c.scriptingCommands()
			.evalSha("0000000000000000000000000000000000000000", ReturnType.VALUE, 0)))).as("NOSCRIPT")
			.isEqualTo(RedisFailure.CALLER);
		assertThat(kind(() -> redis.execute((RedisCallback<Object>) (c) -> c.scriptingCommands()
			.eval("return redis.call('NOSUCHCOMMAND')".getBytes(), ReturnType.VALUE, 0)))).as("a failing script")
			.isEqualTo(RedisFailure.CALLER);
		redis.opsForValue().set("classify:plain", "not java serialization");
		RedisTemplate<String, Object> jdk = new RedisTemplate<>();
		jdk.setConnectionFactory(this.context.getBean(RedisConnectionFactory.class));
		jdk.setKeySerializer(StringRedisSerializer.UTF_8);
		jdk.setValueSerializer(new JdkSerializationRedisSerializer());
		jdk.afterPropertiesSet();
		assertThat(kind(() -> jdk.opsForValue().get("classify:plain"))).as("a value that cannot be deserialized")
			.isEqualTo(RedisFailure.CALLER);
		assertThat(kind(() -> redis.execute((RedisCallback<Object>) (c) -> {
			throw new IllegalStateException("the caller's own code");
		}))).isEqualTo(RedisFailure.CALLER);
	}

	@Test
	void timeoutsLostConnectionsAndRefusalsAreTold() {
		this.context = ResilienceTestApplication.run(this.server);
		StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
		redis.opsForValue().set("classify:key", "v");
		this.server.pause();
		assertThat(kind(() -> redis.opsForValue().set("classify:key", "w"))).isEqualTo(RedisFailure.TIMEOUT);
		this.server.resume();
		this.server.kill();
		assertThat(kind(() -> redis.opsForValue().set("classify:key", "w"))).isEqualTo(RedisFailure.NOT_CONNECTED);
		this.context.getBean(CircuitBreakerRegistry.class).circuitBreaker("redis").transitionToForcedOpenState();
		assertThat(kind(() -> redis.opsForValue().get("classify:key"))).isEqualTo(RedisFailure.REFUSED);
	}

	@Test
	void aServerThatCannotServeNowIsUnavailable() {
		this.context = ResilienceTestApplication.run(this.server);
		StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
		redis.opsForValue().set("classify:key", "v");
		// A replica of a master that is not there: writes get READONLY, and reads MASTERDOWN once stale data is refused.
		this.server.execute("REPLICAOF", "127.0.0.1", "1");
		try {
			assertThat(kind(() -> redis.opsForValue().set("classify:key", "w"))).as("READONLY")
				.isEqualTo(RedisFailure.SERVER_UNAVAILABLE);
			this.server.execute("CONFIG", "SET", "replica-serve-stale-data", "no");
			assertThat(kind(() -> redis.opsForValue().get("classify:key"))).as("MASTERDOWN")
				.isEqualTo(RedisFailure.SERVER_UNAVAILABLE);
		}
		finally {
			this.server.execute("CONFIG", "SET", "replica-serve-stale-data", "yes");
			this.server.execute("REPLICAOF", "NO", "ONE");
		}
	}

	@Test
	void refusedCredentialsAndPermissionsAreConfigurationErrors() {
		this.server.execute("ACL", "SETUSER", "classify-limited", "on", ">right-secret", "~*", "+@all", "-set");
		try {
			this.context = ResilienceTestApplication.run(this.server, "tradingboost.redis.username=classify-limited",
					"tradingboost.redis.password=right-secret");
			StringRedisTemplate limited = this.context.getBean(StringRedisTemplate.class);
			assertThat(limited.opsForValue().get("classify:key")).isNull();
			assertThat(kind(() -> limited.opsForValue().set("classify:key", "w"))).as("NOPERM")
				.isEqualTo(RedisFailure.PERMISSION);
			this.context.close();
			this.context = ResilienceTestApplication.run(this.server, "tradingboost.redis.username=classify-limited",
					"tradingboost.redis.password=wrong-secret");
			StringRedisTemplate refused = this.context.getBean(StringRedisTemplate.class);
			// Lettuce may report a refused handshake as a closed connection now and then; the next attempt says why.
			Throwable refusal = await().atMost(Duration.ofSeconds(10))
				.until(() -> catchThrowable(() -> refused.opsForValue().get("classify:key")),
						(failure) -> failure != null && RedisFailure.of(failure) == RedisFailure.AUTHENTICATION);
			assertThat(refusal).as("WRONGPASS")
				.hasMessageContaining("WRONGPASS")
				.hasMessageContaining("a configuration error, not an outage")
				.hasMessageContaining("tradingboost.redis.username and tradingboost.redis.password")
				.hasMessageNotContaining("wrong-secret");
		}
		finally {
			this.server.execute("ACL", "DELUSER", "classify-limited");
		}
	}

	private static RedisFailure kind(Runnable call) {
		Throwable failure = catchThrowable(call::run);
		assertThat(failure).as("the call failed").isNotNull();
		return RedisFailure.of(failure);
	}

}
