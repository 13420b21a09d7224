package com.tradingboost.redis.ops;

import java.net.ConnectException;
import java.time.Duration;
import java.util.Arrays;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class RedisSafeCallsTests {

	@Test
	void fallsBackAndWarnsOnceNamingTheRootCause(CapturedOutput output) {
		RedisSafeCalls safe = new RedisSafeCalls(Duration.ofMinutes(1));
		assertThat(safe.<String>call(() -> {
			throw new RedisConnectionFailureException("Unable to connect to Redis", new RedisConnectionException(
					"Unable to connect to localhost/<unresolved>:6379", new ConnectException("Connection refused")));
		}, () -> "fallback")).isEqualTo("fallback");
		assertThat(safe.<String>call(() -> {
			throw new QueryTimeoutException("Redis command timed out",
					new RedisCommandTimeoutException("Command timed out after 3 second(s)"));
		}, () -> "fallback")).isEqualTo("fallback");
		assertThat(Arrays.stream(output.getOut().split("\n")).filter((line) -> line.contains("using the fallback")))
			.singleElement()
			.satisfies((line) -> assertThat(line)
				.contains("Redis unavailable, using the fallback: connection refused"
						+ " (similar warnings are logged at most once every 1 min)")
				.doesNotContain("Unable to connect"));
	}

}
