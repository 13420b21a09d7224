package com.tradingboost.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.tradingboost.redis.testsupport.LocalRedisServer;
import com.tradingboost.redis.testsupport.RedisServers;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample agrees with itself: a quote reads the price just published, every key it writes expires (its own TTL
 * audit finds none without a TTL), and a blocking pop waits no longer than the command timeout allows.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.local-redis.enabled=false")
@DirtiesContext
class CoherentSampleHttpTests {

	// A server of its own, so that an audit of every key sees only the sample's.
	private static final LocalRedisServer redis = RedisServers.startLocal();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		registry.add("tradingboost.redis.host", redis::host);
		registry.add("tradingboost.redis.port", redis::port);
	}

	@AfterAll
	static void stopServer() {
		redis.close();
	}

	@BeforeEach
	void emptyQueues() {
		redis.execute("DEL", "tasks:urgent", "tasks:normal");
	}

	@Test
	void aQuoteIsThePriceJustPublished() throws Exception {
		assertThat(HttpJson.put(this.port, "/prices", "{\"BTC\":\"97000.5\",\"ETH\":\"3400.1\"}").statusCode())
			.isEqualTo(200);
		String quote = HttpJson.get(this.port, "/prices/BTC").body();
		assertThat(JsonPath.<Number>read(quote, "$.price").doubleValue()).isEqualTo(97000.5);
		assertThat(JsonPath.<String>read(quote, "$.source")).isEqualTo("published");
		assertThat(HttpJson.get(this.port, "/prices/btc").body()).as("served from the cache").isEqualTo(quote);
		assertThat((Long) redis.execute("TTL", "prices::BTC")).isBetween(3590L, 3600L);

		HttpJson.put(this.port, "/prices", "{\"btc\":\"97100\"}");
		String republished = HttpJson.get(this.port, "/prices/BTC").body();
		assertThat(JsonPath.<Number>read(republished, "$.price").doubleValue()).isEqualTo(97100);
		assertThat(HttpJson.get(this.port, "/prices?symbols=BTC").body()).isEqualTo("{\"BTC\":\"97100\"}");
	}

	@Test
	void aSymbolNobodyPublishedIsQuotedByTheUpstreamFeed() throws Exception {
		String quote = HttpJson.get(this.port, "/prices/XRP").body();
		assertThat(JsonPath.<String>read(quote, "$.source")).isEqualTo("upstream");
		assertThat(JsonPath.<Number>read(quote, "$.upstreamCall").longValue()).isPositive();
	}

	@Test
	void aPriceThatIsNotANumberIsRefused() throws Exception {
		HttpResponse<String> refused = HttpJson.put(this.port, "/prices", "{\"DOGE\":\"cheap\"}");
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(JsonPath.<String>read(refused.body(), "$.detail")).isEqualTo("price of DOGE is not a number");
		assertThat(redis.execute("EXISTS", "price:DOGE")).isEqualTo(0L);
	}

	@Test
	void theOrderCounterAndTheQueuesHaveTheOrderDataTtl() throws Exception {
		post("/orders/count");
		post("/tasks/urgent", "{\"margin-call\":5}");
		post("/tasks/normal", "{\"settle-1\":10}");
		long sevenDays = Duration.ofDays(7).toSeconds();
		for (String key : List.of("orders:count", "tasks:urgent", "tasks:normal")) {
			assertThat((Long) redis.execute("TTL", key)).as(key).isBetween(sevenDays - 60, sevenDays);
		}
	}

	@Test
	void theSamplesOwnAuditFindsNoKeyWithoutTtl() throws Exception {
		HttpJson.put(this.port, "/users/audit/settings", "{\"theme\":\"dark\"}");
		HttpJson.put(this.port, "/prices", "{\"SOL\":\"180.2\"}");
		HttpJson.get(this.port, "/prices/SOL");
		HttpJson.get(this.port, "/prices/ADA");
		HttpJson.get(this.port, "/risk/growth-fund");
		post("/orders/count");
		post("/tasks/urgent", "{\"margin-call\":5}");
		post("/tasks/normal", "{\"settle-1\":10,\"settle-2\":1}");
		post("/tasks/next?count=1");
		String report = HttpJson.get(this.port, "/redis-ttl-audit?pattern=*").body();
		assertThat(JsonPath.<Integer>read(report, "$.scanned")).isGreaterThanOrEqualTo(8);
		assertThat(JsonPath.<Integer>read(report, "$.withoutTtl")).as(report).isZero();
	}

	@Test
	void aBlockingPopTakesTheFirstNonEmptyQueuesLowestTask() throws Exception {
		post("/tasks/normal", "{\"settle-1\":1}");
		post("/tasks/urgent", "{\"margin-call\":5,\"top-up\":7}");
		HttpResponse<String> next = post("/tasks/next/blocking?timeout=1s");
		assertThat(next.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<Map<String, Object>>read(next.body(), "$")).containsEntry("queue", "tasks:urgent")
			.containsEntry("member", "margin-call")
			.containsEntry("score", 5.0);
	}

	@Test
	void aBlockingPopWaitsForATaskAddedMeanwhile() throws Exception {
		Thread producer = new Thread(() -> {
			try {
				Thread.sleep(300);
				redis.execute("ZADD", "tasks:normal", "3", "late-settlement");
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		producer.start();
		HttpResponse<String> next = post("/tasks/next/blocking?timeout=2s");
		producer.join();
		assertThat(next.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<String>read(next.body(), "$.member")).isEqualTo("late-settlement");
	}

	@Test
	void aBlockingPopOnEmptyQueuesAnswersNoContentAfterTheTimeout() throws Exception {
		long start = System.nanoTime();
		HttpResponse<String> next = post("/tasks/next/blocking?timeout=500ms");
		Duration waited = Duration.ofNanos(System.nanoTime() - start);
		assertThat(next.statusCode()).isEqualTo(204);
		assertThat(waited).isBetween(Duration.ofMillis(450), Duration.ofMillis(2500));
	}

	@Test
	void aBlockingTimeoutNotBelowTheCommandTimeoutIsABadRequest() throws Exception {
		for (String timeout : List.of("3s", "5s", "0s", "-1s", "soon", "1us")) {
			HttpResponse<String> refused = post("/tasks/next/blocking?timeout=" + timeout);
			assertThat(refused.statusCode()).as(timeout).isEqualTo(400);
			assertThat(JsonPath.<String>read(refused.body(), "$.detail"))
				.contains("below tradingboost.redis.command-timeout (3000ms)");
		}
	}

	private HttpResponse<String> post(String path) throws Exception {
		return post(path, "");
	}

	private HttpResponse<String> post(String path, String json) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
