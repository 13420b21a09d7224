package com.tradingboost.redis.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.tradingboost.redis.testsupport.DedicatedRedisServer;
import com.tradingboost.redis.testsupport.RedisServer;
import com.tradingboost.redis.testsupport.RedisServerExtension;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link RedisSafeCalls} against a real server that goes away.
 */
@ExtendWith(RedisServerExtension.class)
class RedisSafeCallsIntegrationTests {

	@Test
	void aSafeCallFallsBackDuringAnOutageButNotOnTheCallersOwnErrors(@DedicatedRedisServer RedisServer server) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SafeCallsTestApplication.class)
			.web(WebApplicationType.NONE)
			.run("--tradingboost.redis.host=" + server.host(), "--tradingboost.redis.port=" + server.port(),
					"--spring.main.banner-mode=off")) {
			RedisSafeCalls safe = context.getBean(RedisSafeCalls.class);
			StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
			redis.opsForList().leftPush("a-list", "x");
			assertThatExceptionOfType(DataAccessException.class)
				.isThrownBy(() -> safe.call(() -> redis.opsForValue().get("a-list"), () -> "fallback"));
			server.kill();
			try {
				for (int i = 0; i < 8; i++) {
					assertThat(safe.call(() -> redis.opsForValue().get("k"), () -> "fallback")).isEqualTo("fallback");
				}
			}
			finally {
				server.restore();
			}
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class SafeCallsTestApplication {

	}

}
