package com.tradingboost.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.tradingboost.redis.health.RedisServerFacts;
import com.tradingboost.redis.testsupport.DedicatedRedisServer;
import com.tradingboost.redis.testsupport.RedisServer;
import com.tradingboost.redis.testsupport.RedisServerExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The seed services' health URLs on the running sample app, against a server these tests stop and pause.
 */
@ExtendWith(RedisServerExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.local-redis.enabled=false", "tradingboost.redis.health-check-interval=500ms",
				"tradingboost.redis.health.probe-timeout=300ms", "tradingboost.redis.command-timeout=1s" })
@DirtiesContext
class HealthEndpointsHttpTests {

	private static final Duration RECOVERY = Duration.ofSeconds(15);

	private static RedisServer redis;

	@LocalServerPort
	private int port;

	@BeforeAll
	static void server(@DedicatedRedisServer RedisServer server) {
		redis = server;
	}

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		registry.add("tradingboost.redis.host", () -> redis.host());
		registry.add("tradingboost.redis.port", () -> redis.port());
	}

	@AfterEach
	void serverBackUp() throws Exception {
		redis.restore();
		await().atMost(RECOVERY).until(() -> status("/health/redis") == 200);
	}

	@Test
	void redisIsUpWithRealDetails() throws Exception {
		await().atMost(RECOVERY).until(() -> status("/health/redis") == 200);
		HttpResponse<String> response = HttpJson.get(this.port, "/health/redis");
		String body = response.body();
		assertThat(JsonPath.<String>read(body, "$.status")).isEqualTo("UP");
		Map<String, Object> server = JsonPath.read(body, "$.components.server.details");
		assertThat(((Number) server.get("latency_ms")).doubleValue()).isPositive();
		assertThat(server.get("version"))
			.isEqualTo(RedisServerFacts.parse((String) redis.execute("INFO", "server")).version());
		assertThat(server).containsEntry("mode", "standalone").containsEntry("role", "master");
		assertThat(((Number) server.get("connected_clients")).intValue()).isPositive();
		assertThat(server).containsKeys("used_memory_human", "last_check", "last_success", "pool")
			.containsEntry("consecutive_failures", 0);
		assertThat(JsonPath.<Boolean>read(body, "$.components.pool.details.shared_connection_connected")).isTrue();
		assertThat(JsonPath.<Integer>read(body, "$.components.pool.details.max_active")).isEqualTo(200);

		HttpResponse<String> pool = HttpJson.get(this.port, "/health/redis/pool");
		assertThat(pool.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<List<Map<String, Object>>>read(pool.body(), "$.details.pools")).isNotEmpty();
		assertThat(HttpJson.get(this.port, "/health/redis/server").statusCode()).isEqualTo(200);
	}

	@Test
	void hitRateFollowsTheServersKeyspaceCounters() throws Exception {
		redis.execute("SET", "hit-rate:present", "1");
		redis.execute("GET", "hit-rate:present");
		redis.execute("GET", "hit-rate:missing");
		await().atMost(RECOVERY).untilAsserted(() -> {
			String body = HttpJson.get(this.port, "/health/redis/server").body();
			assertThat(JsonPath.<Object>read(body, "$.details")).asString().contains("hit_rate");
		});
		String body = HttpJson.get(this.port, "/health/redis/server").body();
		assertThat(JsonPath.<String>read(body, "$.details.hit_rate_scope")).startsWith("server-wide");
	}

	@Test
	void exactlyOneRedisComponentAppearsInHealth() throws Exception {
		String body = HttpJson.get(this.port, "/health").body();
		Map<String, Object> components = JsonPath.read(body, "$.components");
		assertThat(components.keySet().stream().filter((name) -> name.toLowerCase().contains("redis"))).containsExactly("redis");
		assertThat(JsonPath.<Map<String, Object>>read(body, "$.components.redis.components")).containsOnlyKeys("server",
				"pool", "circuit-breaker");
	}

	@Test
	void redisDownMakesReadinessFailButNeverLiveness() throws Exception {
		redis.stop();
		await().atMost(RECOVERY).until(() -> HttpJson.get(this.port, "/health/redis/server").statusCode() == 503);
		String body = HttpJson.get(this.port, "/health/redis").body();
		assertThat(JsonPath.<String>read(body, "$.status")).isEqualTo("DOWN");
		assertThat(JsonPath.<String>read(body, "$.components.server.status")).isEqualTo("DOWN");
		assertThat(JsonPath.<String>read(body, "$.components.server.details.reason")).isEqualTo("last health check failed");
		assertThat(JsonPath.<String>read(body, "$.components.server.details.last_error")).isNotBlank();
		assertThat(status("/health/ready")).isEqualTo(503);
		assertThat(status("/health/live")).isEqualTo(200);

		redis.start();
		await().atMost(RECOVERY).until(() -> status("/health/redis") == 200);
		assertThat(status("/health/ready")).isEqualTo(200);
	}

	@Test
	void probesAnswerWithinASecondWhileRedisIsPaused() throws Exception {
		redis.pause();
		long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
		int requests = 0;
		while (System.nanoTime() < until) {
			// HttpJson fails a request that takes longer than its timeout.
			assertThat(HttpJson.getWithin(this.port, "/health/live", Duration.ofSeconds(1)).statusCode()).isEqualTo(200);
			assertThat(HttpJson.getWithin(this.port, "/health/ready", Duration.ofSeconds(1)).statusCode()).isIn(200, 503);
			requests++;
			Thread.sleep(200);
		}
		assertThat(requests).isGreaterThan(5);
		assertThat(status("/health/ready")).as("readiness after a paused PING").isEqualTo(503);
	}

	private int status(String path) throws Exception {
		return HttpJson.get(this.port, path).statusCode();
	}


}
