package com.tradingboost.sample;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.tradingboost.redis.testsupport.LocalRedisServer;
import com.tradingboost.redis.testsupport.RedisServers;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Health output never shows the password, whether Redis is up or down.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.local-redis.enabled=false", "tradingboost.redis.health-check-interval=300ms",
				"tradingboost.redis.health.probe-timeout=300ms" })
@DirtiesContext
class HealthDetailsSecretsHttpTests {

	private static final String PASSWORD = "health-Pw-93bd1";

	private static final LocalRedisServer redis = RedisServers.startLocal("--requirepass", PASSWORD);

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		registry.add("tradingboost.redis.url",
				() -> "redis://default:" + PASSWORD + "@" + redis.host() + ":" + redis.port() + "/0");
	}

	@AfterAll
	static void stopServer() {
		redis.close();
	}

	@Test
	void noHealthOutputOrLogLineContainsThePassword(CapturedOutput output) throws Exception {
		await().atMost(Duration.ofSeconds(10)).until(() -> HttpJson.get(this.port, "/health/redis").statusCode() == 200);
		assertNoSecret();
		redis.stop();
		try {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> HttpJson.get(this.port, "/health/redis/server").statusCode() == 503);
			assertThat(HttpJson.get(this.port, "/health/redis/server").body()).contains("last_error");
			assertNoSecret();
		}
		finally {
			redis.start();
		}
		assertThat(output).contains("Redis health check failed").doesNotContain(PASSWORD);
	}

	private void assertNoSecret() throws Exception {
		for (String path : new String[] { "/health", "/health/redis", "/health/redis/server", "/health/redis/pool",
				"/health/ready" }) {
			assertThat(HttpJson.get(this.port, path).body()).as(path).doesNotContain(PASSWORD);
		}
	}

}
