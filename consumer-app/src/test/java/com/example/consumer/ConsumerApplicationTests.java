package com.example.consumer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import com.tradingboost.redis.testsupport.LocalRedisServer;
import com.tradingboost.redis.testsupport.RedisServers;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts the application as a user would test it, pointed at a Redis with Spring Boot's own properties.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ConsumerApplicationTests {

	// A redis-server child process on a free 127.0.0.1 port, never REDIS_URL, Docker or 6379; the fixture's
	// shutdown hook stops it when the test JVM exits, after the application context.
	private static final LocalRedisServer redis = RedisServers.startLocal();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", redis::host);
		registry.add("spring.data.redis.port", redis::port);
	}

	@Test
	void readinessIsUp() {
		assertThat(redis.port()).isNotEqualTo(6379);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/actuator/health/ready")).GET());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(JsonPath.<String>read(response.body(), "$.status")).isEqualTo("UP");
		});
	}

	@Test
	void writesAndReadsTheFixtureServer() throws Exception {
		String text = "bought 10 at " + System.nanoTime();
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/notes/first"))
			.header("Content-Type", "text/plain")
			.PUT(HttpRequest.BodyPublishers.ofString(text)));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(text);
		// The value is on the fixture's server, so spring.data.redis.host/port were honoured.
		assertThat(redis.execute("GET", "note:first")).isEqualTo(text);
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return http.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
	}

}
