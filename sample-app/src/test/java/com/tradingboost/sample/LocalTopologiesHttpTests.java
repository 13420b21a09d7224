package com.tradingboost.sample;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The sample in its {@code dev} profile with {@code --sample.local-redis.topology=sentinel|cluster}: it starts the
 * fixture's Sentinel set or cluster, serves over real HTTP from it, and stops it on exit.
 */
class LocalTopologiesHttpTests {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void sentinelTopologyServesEveryEndpointThroughTheSentinelsMaster() throws Exception {
		List<String> sentinels;
		try (ConfigurableApplicationContext context = run("sentinel")) {
			sentinels = nodes(context, "tradingboost.redis.sentinel.nodes");
			assertThat(sentinels).hasSize(3);
			assertThat(factory(context).getSentinelConfiguration()).isNotNull();
			assertThat(context.getEnvironment().getProperty("tradingboost.redis.sentinel.master")).isEqualTo("mymaster");
			int port = port(context);
			assertThat(HttpJson.put(port, "/users/s1/settings", "{\"theme\":\"dark\"}").statusCode()).isEqualTo(200);
			assertThat(HttpJson.get(port, "/users/s1/settings").body()).contains("\"theme\":\"dark\"");
			assertThat(HttpJson.put(port, "/prices", "{\"BTC\":\"97000.5\",\"ETH\":\"3400.1\"}").body())
				.contains("\"stored\":2");
			assertThat(HttpJson.get(port, "/prices?symbols=ETH,BTC").body())
				.isEqualTo("{\"ETH\":\"3400.1\",\"BTC\":\"97000.5\"}");
			assertThat(JsonPath.<Integer>read(post(port, "/orders/count").body(), "$.orders")).isEqualTo(1);
			assertThat(post(port, "/tasks/urgent", "{\"margin-call\":5}").body()).contains("\"added\":1");
			assertThat(post(port, "/tasks/next?count=1").body()).contains("margin-call");
			assertThat(HttpJson.get(port, "/health/redis").statusCode()).isEqualTo(200);
		}
		assertThat(sentinels).noneMatch(LocalTopologiesHttpTests::answers);
	}

	@Test
	void clusterTopologyServesTheEndpointsThatNeedNoTransactionBatchOrCrossSlotScript() throws Exception {
		List<String> nodes;
		try (ConfigurableApplicationContext context = run("cluster")) {
			nodes = nodes(context, "tradingboost.redis.cluster.nodes");
			assertThat(nodes).hasSize(6);
			assertThat(factory(context).getClusterConfiguration()).isNotNull();
			int port = port(context);
			String quote = HttpJson.get(port, "/prices/BTC").body();
			assertThat(HttpJson.get(port, "/prices/BTC").body()).as("served from the Redis cache").isEqualTo(quote);
			String risk = HttpJson.get(port, "/risk/growth-fund").body();
			assertThat(HttpJson.get(port, "/risk/growth-fund").body()).isEqualTo(risk);
			assertThat(post(port, "/tasks/urgent", "{\"margin-call\":5}").body()).contains("\"added\":1");
			assertThat(post(port, "/tasks/normal", "{\"settle-1\":10}").body()).contains("\"added\":1");
			StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
			for (int i = 0; i < 20; i++) {
				redis.opsForHash().put("user:settings:c" + i, "theme", "dark");
			}
			assertThat(JsonPath.<List<String>>read(HttpJson.get(port, "/users?limit=100").body(), "$"))
				.as("SCAN covers every master")
				.hasSize(20);
			assertThat(HttpJson.get(port, "/users/c7/settings").body()).contains("\"theme\":\"dark\"");
			assertThat(HttpJson.get(port, "/users/nobody/settings").statusCode()).isEqualTo(404);
			assertThat(HttpJson.get(port, "/health/redis").statusCode()).isEqualTo(200);
		}
		assertThat(nodes).noneMatch(LocalTopologiesHttpTests::answers);
	}

	@Test
	void anUnknownTopologyStopsStartUpNamingTheProperty() {
		assertThatIllegalStateException().isThrownBy(() -> run("ring"))
			.withMessage("sample.local-redis.topology must be standalone, sentinel or cluster, not 'ring'");
	}

	private static ConfigurableApplicationContext run(String topology) {
		return SpringApplication.run(SampleApplication.class, "--server.port=0",
				"--sample.local-redis.topology=" + topology);
	}

	private static TradingBoostLettuceConnectionFactory factory(ConfigurableApplicationContext context) {
		return context.getBean(TradingBoostLettuceConnectionFactory.class);
	}

	private static List<String> nodes(ConfigurableApplicationContext context, String property) {
		return Arrays.asList(context.getEnvironment().getRequiredProperty(property).split(","));
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static HttpResponse<String> post(int port, String path) throws IOException, InterruptedException {
		return post(port, path, "");
	}

	private static HttpResponse<String> post(int port, String path, String json)
			throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static boolean answers(String address) {
		int colon = address.lastIndexOf(':');
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(address.substring(0, colon),
					Integer.parseInt(address.substring(colon + 1))), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
