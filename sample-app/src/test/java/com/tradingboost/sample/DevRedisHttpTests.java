package com.tradingboost.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import com.tradingboost.redis.testsupport.LocalRedisServer;
import com.tradingboost.redis.testsupport.RedisServers;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The safe outage demonstration: in the {@code dev} profile, {@code POST /dev/redis/stop} and {@code /start} stop and
 * start only the Redis server the sample started itself, never another.
 */
class DevRedisHttpTests {

	private static final Duration RECOVERY = Duration.ofSeconds(20);

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/**
	 * Runs the sample in its {@code dev} profile on a server registered as the one it started itself, as
	 * {@code LocalRedisForDevelopment} registers the server it starts.
	 */
	static ConfigurableApplicationContext sampleOn(LocalRedisServer redis, String... args) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--tradingboost.redis.host=" + redis.host(),
				"--tradingboost.redis.port=" + redis.port()));
		arguments.addAll(List.of(args));
		return new SpringApplicationBuilder(SampleApplication.class)
			.initializers((context) -> context.getBeanFactory().registerSingleton("localRedisServer", redis))
			.run(arguments.toArray(String[]::new));
	}

	@Test
	void stopsAndStartsTheRedisTheSampleStarted() throws Exception {
		try (LocalRedisServer redis = RedisServers.startLocal();
				ConfigurableApplicationContext sample = sampleOn(redis,
						"--tradingboost.redis.health-check-interval=500ms")) {
			int port = ReadmeExamplesHttpTests.port(sample);
			HttpJson.put(port, "/prices", "{\"BTC\":\"97000.5\"}");

			HttpResponse<String> stopped = post(port, "/dev/redis/stop");
			assertThat(stopped.statusCode()).isEqualTo(200);
			assertThat(JsonPath.<String>read(stopped.body(), "$.redis")).isEqualTo("stopped");
			assertThat(JsonPath.<String>read(stopped.body(), "$.address")).isEqualTo("127.0.0.1:" + redis.port());
			assertThat(redis.pid()).isEmpty();
			await().atMost(RECOVERY).until(() -> HttpJson.get(port, "/health/redis/server").statusCode() == 503);
			assertThat(HttpJson.get(port, "/health/ready").statusCode()).isEqualTo(503);
			assertThat(HttpJson.get(port, "/health/live").statusCode()).isEqualTo(200);
			HttpResponse<String> quote = HttpJson.get(port, "/prices/ETH");
			assertThat(quote.statusCode()).as("quotes fall back to the upstream feed").isEqualTo(200);
			assertThat(JsonPath.<String>read(quote.body(), "$.source")).isEqualTo("upstream");

			HttpResponse<String> started = post(port, "/dev/redis/start");
			assertThat(started.statusCode()).isEqualTo(200);
			assertThat(JsonPath.<String>read(started.body(), "$.redis")).isEqualTo("running");
			assertThat(JsonPath.<Number>read(started.body(), "$.pid").longValue())
				.isEqualTo(redis.pid().getAsLong());
			await().atMost(RECOVERY).until(() -> HttpJson.get(port, "/health/ready").statusCode() == 200);
			assertThat(HttpJson.put(port, "/users/back/settings", "{\"theme\":\"dark\"}").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void refusesToStopARedisTheSampleDidNotStart() throws Exception {
		try (LocalRedisServer redis = RedisServers.startLocal();
				ConfigurableApplicationContext sample = new SpringApplicationBuilder(SampleApplication.class).run(
						"--server.port=0", "--tradingboost.redis.host=" + redis.host(),
						"--tradingboost.redis.port=" + redis.port())) {
			assertThat(sample.getEnvironment().getActiveProfiles()).isEmpty();
			assertThat(sample.getEnvironment().matchesProfiles("dev")).isTrue();
			int port = ReadmeExamplesHttpTests.port(sample);
			for (String action : List.of("/dev/redis/stop", "/dev/redis/start")) {
				HttpResponse<String> refused = post(port, action);
				assertThat(refused.statusCode()).isEqualTo(409);
				assertThat(JsonPath.<String>read(refused.body(), "$.detail"))
					.contains("never stops a server it did not start");
			}
			assertThat(redis.execute("PING")).isEqualTo("PONG");
		}
	}

	@Test
	void otherProfilesHaveNoDevEndpoints() throws Exception {
		try (LocalRedisServer redis = RedisServers.startLocal();
				ConfigurableApplicationContext sample = sampleOn(redis, "--spring.profiles.active=prod")) {
			assertThat(post(ReadmeExamplesHttpTests.port(sample), "/dev/redis/stop").statusCode()).isEqualTo(404);
			assertThat(redis.execute("PING")).isEqualTo("PONG");
		}
	}

	static HttpResponse<String> post(int port, String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.POST(HttpRequest.BodyPublishers.noBody())
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
