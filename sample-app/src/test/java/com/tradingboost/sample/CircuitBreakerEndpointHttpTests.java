package com.tradingboost.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator endpoint at {@code /redis-circuit-breaker} beside Resilience4j's {@code /circuitbreakers}.
 */
class CircuitBreakerEndpointHttpTests extends SharedRedisTests {

	static HttpResponse<String> post(int port, String json) throws IOException, InterruptedException {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/redis-circuit-breaker"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(json))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.local-redis.enabled=false")
	class ReadOnlyByDefault {

		@LocalServerPort
		private int port;

		@Test
		void readsTheBreakerWithItsRedisConfiguration() throws Exception {
			String body = HttpJson.get(this.port, "/redis-circuit-breaker").body();
			assertThat(JsonPath.<String>read(body, "$.name")).isEqualTo("redis");
			assertThat(JsonPath.<String>read(body, "$.state")).isEqualTo("CLOSED");
			assertThat(JsonPath.<Map<String, Object>>read(body, "$.config")).containsEntry("slidingWindowSize", 5)
				.containsEntry("minimumNumberOfCalls", 5)
				.containsEntry("waitDurationInOpenStateMs", 60000)
				.containsEntry("permittedNumberOfCallsInHalfOpenState", 3);
			assertThat(body).contains("\"since\"", "\"transitions\"");
		}

		@Test
		void refusesWritesOverHttp() throws Exception {
			assertThat(post(this.port, "{\"action\":\"force-open\"}").statusCode()).isEqualTo(405);
			assertThat(JsonPath.<String>read(HttpJson.get(this.port, "/redis-circuit-breaker").body(), "$.state"))
				.isEqualTo("CLOSED");
		}

		@Test
		void resilience4jsOwnEndpointAndTheHealthChildShowTheSameBreaker() throws Exception {
			assertThat(JsonPath.<String>read(HttpJson.get(this.port, "/circuitbreakers").body(),
					"$.circuitBreakers.redis.state")).isEqualTo("CLOSED");
			HttpResponse<String> health = HttpJson.get(this.port, "/health/redis/circuit-breaker");
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(JsonPath.<String>read(health.body(), "$.details.state")).isEqualTo("CLOSED");
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "sample.local-redis.enabled=false",
			"management.endpoint.rediscircuitbreaker.access=unrestricted" })
	class WritableWhenGranted {

		@LocalServerPort
		private int port;

		@Test
		void anOperatorForcesTheBreakerOpenAndClosesItAgain() throws Exception {
			HttpResponse<String> opened = post(this.port, "{\"action\":\"force-open\"}");
			assertThat(opened.statusCode()).isEqualTo(200);
			assertThat(JsonPath.<String>read(opened.body(), "$.state")).isEqualTo("FORCED_OPEN");
			try {
				HttpResponse<String> refused = HttpJson.put(this.port, "/users/op/settings", "{\"a\":\"b\"}");
				assertThat(refused.statusCode()).isEqualTo(503);
				assertThat(JsonPath.<String>read(refused.body(), "$.detail")).startsWith("Redis is unavailable (circuit breaker open)");
				assertThat(HttpJson.get(this.port, "/health/redis/circuit-breaker").statusCode()).isEqualTo(503);
				assertThat(HttpJson.get(this.port, "/health/ready").statusCode()).isEqualTo(503);
				assertThat(HttpJson.get(this.port, "/health/live").statusCode()).isEqualTo(200);
			}
			finally {
				HttpResponse<String> closed = post(this.port, "{\"action\":\"close\"}");
				assertThat(JsonPath.<String>read(closed.body(), "$.state")).isEqualTo("CLOSED");
				List<String> causes = JsonPath.read(closed.body(), "$.transitions[*].cause");
				assertThat(causes).contains("operator: force-open", "operator: close");
			}
			assertThat(HttpJson.put(this.port, "/users/op/settings", "{\"a\":\"b\"}").statusCode()).isEqualTo(200);
		}

		@Test
		void anImpossibleTransitionIsABadRequestAndLeavesNoStaleCause() throws Exception {
			assertThat(post(this.port, "{\"action\":\"half-open\"}").statusCode()).isEqualTo(400);
			HttpResponse<String> reset = post(this.port, "{\"action\":\"reset\"}");
			assertThat(reset.statusCode()).isEqualTo(200);
			assertThat(JsonPath.<String>read(reset.body(), "$.state")).isEqualTo("CLOSED");
			HttpResponse<String> opened = post(this.port, "{\"action\":\"force-open\"}");
			HttpResponse<String> closed = post(this.port, "{\"action\":\"close\"}");
			List<String> causes = JsonPath.read(closed.body(), "$.transitions[*].cause");
			assertThat(causes).doesNotContain("operator: half-open").contains("operator: force-open", "operator: close");
			assertThat(JsonPath.<String>read(opened.body(), "$.state")).isEqualTo("FORCED_OPEN");
		}

		@Test
		void anUnknownActionIsABadRequest() throws Exception {
			HttpResponse<String> response = post(this.port, "{\"action\":\"explode\"}");
			assertThat(response.statusCode()).isEqualTo(400);
		}

	}

}
