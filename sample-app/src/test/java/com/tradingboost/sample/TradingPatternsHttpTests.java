package com.tradingboost.sample;

import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample uses each pattern the way a trading service would, over real HTTP against a real server.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.local-redis.enabled=false")
class TradingPatternsHttpTests extends SharedRedisTests {

	@LocalServerPort
	private int port;

	@Test
	void pricesAreWrittenAndReadInBatchesWithThePriceTtl() throws Exception {
		assertThat(HttpJson.put(this.port, "/prices", "{\"BTC\":\"97000.5\",\"ETH\":\"3400.1\"}").body())
			.contains("\"stored\":2");
		assertThat((Long) redis.execute("TTL", "price:BTC")).isBetween(3590L, 3600L);
		String read = HttpJson.get(this.port, "/prices?symbols=ETH,XRP,BTC").body();
		assertThat(read).isEqualTo("{\"ETH\":\"3400.1\",\"XRP\":null,\"BTC\":\"97000.5\"}");
	}

	@Test
	void usersAreListedByScan() throws Exception {
		HttpJson.put(this.port, "/users/scan-a/settings", "{\"theme\":\"dark\"}");
		HttpJson.put(this.port, "/users/scan-b/settings", "{\"theme\":\"light\"}");
		List<String> users = JsonPath.read(HttpJson.get(this.port, "/users?limit=1000").body(), "$");
		assertThat(users).contains("scan-a", "scan-b");
	}

	@Test
	void theOrderCounterCountsEveryOrder() throws Exception {
		long before = JsonPath.<Number>read(post("/orders/count", "").body(), "$.orders").longValue();
		for (int i = 0; i < 5; i++) {
			post("/orders/count", "");
		}
		assertThat(redis.execute("GET", "orders:count")).isEqualTo(String.valueOf(before + 5));
	}

	@Test
	void urgentTasksComeFirstAcrossQueues() throws Exception {
		post("/tasks/normal", "{\"settle-1\":10,\"settle-2\":1}");
		post("/tasks/urgent", "{\"margin-call\":5}");
		List<Map<String, Object>> next = JsonPath.read(post("/tasks/next?count=2", "").body(), "$");
		assertThat(next).extracting((item) -> item.get("member")).containsExactly("settle-2", "margin-call");
	}

	@Test
	void riskIsCalculatedOnceAndCachedForThirtyMinutes() throws Exception {
		String first = HttpJson.get(this.port, "/risk/growth-fund").body();
		String second = HttpJson.get(this.port, "/risk/growth-fund").body();
		assertThat(second).isEqualTo(first);
		assertThat((Long) redis.execute("TTL", "risk::growth-fund")).isBetween(1790L, 1800L);
	}

	@Test
	void theTtlAuditEndpointReportsKeysThatNeverExpire() throws Exception {
		redis.execute("SET", "audit-sample:forever", "x");
		String report = HttpJson.get(this.port, "/redis-ttl-audit?pattern=audit-sample:*").body();
		assertThat(JsonPath.<Integer>read(report, "$.withoutTtl")).isEqualTo(1);
		assertThat(report).contains("audit-sample:forever");
	}

	private java.net.http.HttpResponse<String> post(String path, String json) throws Exception {
		return java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + this.port + path))
				.header("Content-Type", "application/json")
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString(json))
				.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
	}

}
