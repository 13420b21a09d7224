package com.tradingboost.sample;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.tradingboost.redis.testsupport.DedicatedRedisServer;
import com.tradingboost.redis.testsupport.RedisServer;
import com.tradingboost.redis.testsupport.RedisServerExtension;

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
 * The health endpoints of an application whose Redis user has the smallest ACL the starter needs, {@code +ping}
 * (the README's {@code ACL SETUSER app on >secret resetkeys -@all +ping}): Redis is UP and the pod ready, and the
 * details say the server facts are unavailable and why.
 */
@ExtendWith({ RedisServerExtension.class, OutputCaptureExtension.class })
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.local-redis.enabled=false", "management.endpoints.web.base-path=/actuator" })
@DirtiesContext
class LeastPrivilegeHealthHttpTests {

	private static final String USER = "least-privilege";

	private static final String PASSWORD = "lp-" + Long.toHexString(System.nanoTime());

	private static RedisServer redis;

	@LocalServerPort
	private int port;

	@BeforeAll
	static void server(@DedicatedRedisServer RedisServer server) {
		redis = server;
		redis.execute("ACL", "SETUSER", USER, "reset", "on", ">" + PASSWORD, "resetkeys", "-@all", "+ping");
	}

	@AfterAll
	static void removeUser() {
		redis.execute("ACL", "DELUSER", USER);
	}

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		registry.add("tradingboost.redis.host", redis::host);
		registry.add("tradingboost.redis.port", redis::port);
		registry.add("tradingboost.redis.username", () -> USER);
		registry.add("tradingboost.redis.password", () -> PASSWORD);
	}

	@Test
	void redisIsUpAndThePodReadyWithPingAlone(CapturedOutput output) throws Exception {
		await().atMost(Duration.ofSeconds(10)).until(() -> status("/actuator/health/redis") == 200);
		HttpResponse<String> redisHealth = HttpJson.get(this.port, "/actuator/health/redis");
		assertThat(JsonPath.<String>read(redisHealth.body(), "$.status")).isEqualTo("UP");
		String unavailable = JsonPath.read(redisHealth.body(), "$.components.server.details.server_facts_unavailable");
		assertThat(unavailable).contains("NOPERM").contains("'info'");
		assertThat(redisHealth.body()).doesNotContain(PASSWORD).doesNotContain("\"version\"");
		assertThat(status("/actuator/health/redis/server")).isEqualTo(200);
		assertThat(status("/actuator/health/redis/pool")).isEqualTo(200);
		assertThat(status("/actuator/health/redis/circuit-breaker")).isEqualTo(200);
		assertThat(status("/actuator/health/ready")).isEqualTo(200);
		assertThat(status("/actuator/health/live")).isEqualTo(200);
		assertThat(status("/actuator/health")).isEqualTo(200);
		assertThat(output.getOut()).doesNotContain("Redis health check failed").doesNotContain(PASSWORD);
	}

	@Test
	void whatTheUserMayNotDoIsTheApplicationsBusinessNotReadinesss() throws Exception {
		HttpResponse<String> settings = HttpJson.get(this.port, "/users/u1/settings");
		assertThat(settings.statusCode()).as("NOPERM is the caller's error, not an outage").isEqualTo(500);
		assertThat(status("/actuator/health/ready")).isEqualTo(200);
	}

	private int status(String path) throws Exception {
		return HttpJson.get(this.port, path).statusCode();
	}

}
