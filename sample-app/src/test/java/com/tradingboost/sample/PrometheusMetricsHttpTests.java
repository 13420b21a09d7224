package com.tradingboost.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.tradingboost.redis.testsupport.LocalRedisServer;
import com.tradingboost.redis.testsupport.RedisServers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A real scrape of the sample app's {@code /prometheus} after real traffic, against a password-protected server
 * these tests stop and pause.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.local-redis.enabled=false", "tradingboost.redis.client-name=metrics-test",
				"tradingboost.redis.command-timeout=300ms", "tradingboost.redis.health-check-interval=300ms" })
@DirtiesContext
class PrometheusMetricsHttpTests {

	private static final String PASSWORD = "metrics-Pw-5e1f";

	private static final LocalRedisServer redis = RedisServers.startLocal("--requirepass", PASSWORD);

	@LocalServerPort
	private int port;

	@Autowired
	private StringRedisTemplate template;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		registry.add("tradingboost.redis.url",
				() -> "redis://:" + PASSWORD + "@" + redis.host() + ":" + redis.port() + "/0");
	}

	@AfterEach
	void serverBack() {
		redis.restore();
		await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> {
			this.template.opsForValue().get("metrics:recovered");
			assertThat(JsonPath.<String>read(HttpJson.get(this.port, "/redis-circuit-breaker").body(), "$.state"))
				.isEqualTo("CLOSED");
		});
	}

	@AfterAll
	static void stopServer() {
		redis.close();
	}

	@Test
	void trafficMovesEveryMeterAndPoolGaugesMatchTheServer() throws Exception {
		await().atMost(Duration.ofSeconds(5)).until(() -> scrape().contains("\nredis_hits_total"));
		double hitsBefore = value(scrape(), "redis_hits_total");
		double missesBefore = value(scrape(), "redis_misses_total");
		this.template.opsForValue().set("metrics:present", "1");
		for (int i = 0; i < 5; i++) {
			this.template.opsForValue().get("metrics:present");
			this.template.opsForValue().get("metrics:missing");
		}
		assertThat(HttpJson.put(this.port, "/users/metrics/settings", "{\"theme\":\"dark\"}").statusCode())
			.isEqualTo(200);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> value(scrape(), "redis_misses_total") >= missesBefore + 5);
		String scrape = scrape();
		assertThat(value(scrape, "tradingboost_redis_command_seconds_count{application=\"tradingboost-redis-sample\",command=\"get\",instance=\"primary\",outcome=\"success\"}"))
			.isGreaterThanOrEqualTo(10);
		assertThat(value(scrape, "tradingboost_redis_command_seconds_count{application=\"tradingboost-redis-sample\",command=\"exec\",instance=\"primary\",outcome=\"success\"}"))
			.isGreaterThanOrEqualTo(1);
		assertThat(value(scrape, "tradingboost_redis_command_seconds_bucket{application=\"tradingboost-redis-sample\",command=\"get\",instance=\"primary\",outcome=\"success\",le=\"10.0\"}"))
			.isGreaterThanOrEqualTo(10);
		assertThat(value(scrape, "tradingboost_redis_pool_borrow_wait_seconds_count")).isGreaterThanOrEqualTo(1);
		assertThat(value(scrape, "tradingboost_redis_connection_shared_connected")).isEqualTo(1);
		assertThat(value(scrape, "redis_hits_total")).isGreaterThanOrEqualTo(hitsBefore + 5);
		assertThat(value(scrape, "redis_misses_total")).isGreaterThanOrEqualTo(missesBefore + 5);
		assertThat(value(scrape, "tradingboost_redis_server_memory_used_bytes")).isPositive();
		assertThat(value(scrape, "tradingboost_redis_health_check_latency_seconds")).isPositive();
		// Reconnects after an earlier test's outage settle within moments; then gauges and server agree.
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			String now = scrape();
			double pooled = value(now, "tradingboost_redis_pool_connections_active")
					+ value(now, "tradingboost_redis_pool_connections_idle");
			long serverSide = redis.clientList().stream().filter((line) -> line.contains(" name=metrics-test ")).count();
			assertThat(pooled).as("pool gauges vs CLIENT LIST").isEqualTo(serverSide);
		});
	}

	@Test
	void outagesAreCountedAsTimeoutsFailuresAndRejections() throws Exception {
		this.template.opsForValue().get("metrics:warm-up");
		redis.pause();
		for (int i = 0; i < 5; i++) {
			assertThatExceptionOfType(DataAccessException.class)
				.isThrownBy(() -> this.template.opsForValue().increment("metrics:counter"));
		}
		// Lettuce's expiry timer reports each timeout up to one tick after the caller stopped waiting.
		await().atMost(Duration.ofSeconds(5)).until(() -> value(scrape(), "tradingboost_redis_command_seconds_count{application=\"tradingboost-redis-sample\",command=\"incr\",instance=\"primary\",outcome=\"timeout\"}") >= 5);
		// Refused before a connection is handed out (command "connection") or at the command itself.
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			assertThatExceptionOfType(DataAccessException.class)
				.isThrownBy(() -> this.template.opsForValue().increment("metrics:counter"));
			String paused = scrape();
			return valueOrZero(paused, "tradingboost_redis_command_seconds_count{application=\"tradingboost-redis-sample\",command=\"connection\",instance=\"primary\",outcome=\"rejected\"}")
					+ valueOrZero(paused, "tradingboost_redis_command_seconds_count{application=\"tradingboost-redis-sample\",command=\"incr\",instance=\"primary\",outcome=\"rejected\"}") >= 1;
		});
		redis.resume();
		redis.kill();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> value(scrape(), "tradingboost_redis_connection_shared_connected") == 0);
	}

	@Test
	void theRedisCacheManagerPublishesHitsAndMisses() throws Exception {
		String symbol = "MTRX" + System.nanoTime();
		assertThat(HttpJson.get(this.port, "/prices/" + symbol).statusCode()).isEqualTo(200);
		assertThat(HttpJson.get(this.port, "/prices/" + symbol).body()).contains("\"upstreamCall\"");
		String scrape = scrape();
		assertThat(value(scrape, "cache_gets_total{application=\"tradingboost-redis-sample\",cache=\"prices\",cache_manager=\"cacheManager\",name=\"prices\",result=\"hit\"}"))
			.isGreaterThanOrEqualTo(1);
		assertThat(value(scrape, "cache_gets_total{application=\"tradingboost-redis-sample\",cache=\"prices\",cache_manager=\"cacheManager\",name=\"prices\",result=\"miss\"}"))
			.isGreaterThanOrEqualTo(1);
	}

	@Test
	void noTagCarriesAKeyOrThePassword() throws Exception {
		this.template.opsForValue().set("metrics:secret-key-name", "v");
		HttpJson.put(this.port, "/users/tag-check/settings", "{\"a\":\"b\"}");
		String scrape = scrape();
		assertThat(scrape).doesNotContain(PASSWORD).doesNotContain("secret-key-name").doesNotContain("tag-check");
	}

	@Test
	void everyMetricTheDashboardQueriesIsInTheScrape() throws Exception {
		this.template.opsForValue().get("metrics:dashboard");
		HttpJson.put(this.port, "/users/dashboard/settings", "{\"a\":\"b\"}");
		String dashboard = Files.readString(Path.of("..", "docs", "grafana-dashboard.json"));
		Matcher names = Pattern
			.compile("\\b(tradingboost_redis_[a-z_]+|redis_(?:hits|misses)_total|resilience4j_circuitbreaker_[a-z_]+)\\b")
			.matcher(dashboard);
		Set<String> used = new TreeSet<>();
		while (names.find()) {
			used.add(names.group(1));
		}
		assertThat(used).hasSizeGreaterThanOrEqualTo(15);
		String scrape = scrape();
		assertThat(used).allSatisfy((name) -> assertThat(scrape).as(name).containsPattern("(?m)^" + name + "[{ ]"));
	}

	private String scrape() throws Exception {
		return HttpJson.get(this.port, "/prometheus").body();
	}

	private static double valueOrZero(String scrape, String series) {
		return scrape.contains(series) ? value(scrape, series) : 0;
	}

	private static double value(String scrape, String series) {
		String prefix = series.contains("{") ? series : series + " ";
		double total = 0;
		boolean found = false;
		for (String line : scrape.lines().toList()) {
			String name = line.contains("{") ? line.substring(0, line.indexOf('{')) : line.split(" ")[0];
			boolean matches = series.contains("{") ? line.startsWith(series) : name.equals(series);
			if (matches && !line.startsWith("#")) {
				total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
				found = true;
			}
		}
		assertThat(found).as("series %s in the scrape", prefix).isTrue();
		return total;
	}

}
