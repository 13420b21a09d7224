package com.tradingboost.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterEach;
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
 * The sample during an outage of a server these tests stop, with the sample's own 15 s health-check interval:
 * readiness follows Redis within about a second both ways, with the circuit breaker closed or open; requests answer
 * 503 with Retry-After and a problem detail; the log gets a few lines, not a stack trace per request.
 */
@ExtendWith({ RedisServerExtension.class, OutputCaptureExtension.class })
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.local-redis.enabled=false")
@DirtiesContext
class OutageHttpTests {

	/** Far below the 15 s health-check interval the sample keeps. */
	private static final Duration ABOUT_A_SECOND = Duration.ofSeconds(5);

	private static RedisServer redis;

	@LocalServerPort
	private int port;

	@BeforeAll
	static void server(@DedicatedRedisServer RedisServer server) {
		redis = server;
	}

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		RedisTestProperties.register(registry, redis);
	}

	@AfterEach
	void serverBackUp() {
		redis.restore();
		await().atMost(Duration.ofSeconds(15)).until(() -> status("/health/ready") == 200);
		// Trial calls close a breaker that an earlier test left half-open.
		await().atMost(Duration.ofSeconds(15)).until(() -> {
			HttpJson.get(this.port, "/users/u1/settings");
			return "CLOSED".equals(breakerState());
		});
	}

	@Test
	void readinessFollowsRedisDownAndUpWithinAboutASecondWhileTheBreakerStaysClosed() throws Exception {
		serverBackUp();
		assertThat(breakerState()).isEqualTo("CLOSED");
		redis.stop();
		long stopped = System.nanoTime();
		await().atMost(ABOUT_A_SECOND).pollInterval(Duration.ofMillis(20)).until(() -> status("/health/ready") == 503);
		measured("stopped (breaker closed): /health/ready 503 after", stopped);
		assertThat(status("/health/live")).isEqualTo(200);
		redis.start();
		long started = System.nanoTime();
		await().atMost(ABOUT_A_SECOND).pollInterval(Duration.ofMillis(20)).until(() -> status("/health/ready") == 200);
		measured("started (breaker closed): /health/ready 200 after", started);
		assertThat(breakerState()).isEqualTo("CLOSED");
	}

	@Test
	void readinessFollowsRedisBackWithinAboutASecondWhileTheBreakerIsOpen() throws Exception {
		redis.kill();
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			HttpJson.get(this.port, "/users/u1/settings");
			return "OPEN".equals(breakerState());
		});
		assertThat(status("/health/ready")).isEqualTo(503);
		List<String> causes = JsonPath.read(HttpJson.get(this.port, "/redis-circuit-breaker").body(),
				"$.transitions[?(@.to == 'OPEN')].cause");
		assertThat(causes).last()
			.asString()
			.contains("; last error: ")
			.doesNotContain("Redis exception")
			.doesNotContain("RedisSystemException");
		redis.start();
		long started = System.nanoTime();
		await().atMost(ABOUT_A_SECOND).pollInterval(Duration.ofMillis(20)).until(() -> status("/health/ready") == 200);
		measured("started (breaker open): /health/ready 200 after", started);
		await().atMost(ABOUT_A_SECOND).until(() -> HttpJson.get(this.port, "/users/u1/settings").statusCode() != 503);
	}

	@Test
	void requestsAnswer503WithRetryAfterAndAProblemDetailThatNamesRedisButNoAddress() throws Exception {
		HttpJson.put(this.port, "/users/u1/settings", "{\"theme\":\"dark\"}");
		redis.stop();
		List<HttpResponse<String>> responses = List.of(HttpJson.get(this.port, "/users/u1/settings"),
				HttpJson.put(this.port, "/users/u1/settings", "{\"theme\":\"light\"}"),
				HttpJson.post(this.port, "/orders/count", ""), HttpJson.get(this.port, "/prices?symbols=BTC"),
				HttpJson.post(this.port, "/tasks/next?count=1", ""), HttpJson.get(this.port, "/users?limit=5"));
		for (HttpResponse<String> response : responses) {
			assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(503);
			assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(JsonPath.<Integer>read(response.body(), "$.status")).isEqualTo(503);
			assertThat(JsonPath.<String>read(response.body(), "$.detail")).startsWith("Redis is unavailable (");
			assertThat(JsonPath.<String>read(response.body(), "$.instance")).isEqualTo(response.uri().getPath());
			assertThat(response.body()).doesNotContain(String.valueOf(redis.port())).doesNotContain(redis.host());
		}
		HttpResponse<String> quote = HttpJson.get(this.port, "/prices/BTC");
		assertThat(quote.statusCode()).as("a cached quote falls back to the upstream feed").isEqualTo(200);
		assertThat(JsonPath.<String>read(quote.body(), "$.source")).isEqualTo("upstream");
	}

	@Test
	void anOutageUnderSixteenClientsWritesAFewLogLinesAndNoStackTrace(CapturedOutput output) throws Exception {
		int before = output.getOut().length();
		redis.stop();
		AtomicInteger unavailable = new AtomicInteger();
		ExecutorService clients = Executors.newFixedThreadPool(16);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int client = 0; client < 16; client++) {
				running.add(clients.submit(() -> {
					for (int request = 0; request < 50; request++) {
						if (HttpJson.get(this.port, "/users/u" + request + "/settings").statusCode() == 503) {
							unavailable.incrementAndGet();
						}
					}
					return null;
				}));
			}
			for (Future<?> client : running) {
				client.get();
			}
		}
		finally {
			clients.shutdown();
		}
		assertThat(unavailable).hasValue(800);
		String outage = output.getOut().substring(before);
		List<String> lines = Arrays.stream(outage.split("\n")).filter((line) -> !line.isBlank()).toList();
		List<String> ours = lines.stream().filter((line) -> !line.contains("io.lettuce")).toList();
		System.out.println("[measured] 800 requests during an outage, 16 clients: " + ours.size()
				+ " log lines from the starter and the web layer (" + lines.size() + " with Lettuce's reconnect lines)");
		assertThat(ours).hasSizeLessThanOrEqualTo(50).noneMatch((line) -> line.contains(" ERROR "));
		assertThat(outage).doesNotContain("\tat ");
		assertThat(ours.stream().filter((line) -> line.contains("Redis unavailable, answered 503"))).hasSizeLessThanOrEqualTo(2);
	}

	private int status(String path) throws Exception {
		return HttpJson.getWithin(this.port, path, Duration.ofSeconds(2)).statusCode();
	}

	private String breakerState() throws Exception {
		return JsonPath.read(HttpJson.get(this.port, "/redis-circuit-breaker").body(), "$.state");
	}

	private static void measured(String what, long sinceNanos) {
		System.out.println("[measured] " + what + " " + Duration.ofNanos(System.nanoTime() - sinceNanos).toMillis()
				+ " ms");
	}

}
