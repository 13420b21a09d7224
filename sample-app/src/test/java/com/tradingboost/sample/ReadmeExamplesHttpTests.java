package com.tradingboost.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.example.gettingstarted.GettingStartedApplication;
import org.junit.jupiter.api.Test;

import com.tradingboost.redis.testsupport.LocalRedisServer;
import com.tradingboost.redis.testsupport.RedisServers;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's {@code $ curl} examples, run in the README's order: those of the sample against the sample in its
 * {@code dev} profile on a Redis it controls (as when it started one itself), those under {@code /actuator} against an
 * application made as "Getting started in your application" says. Each must answer the status shown with a body of
 * the same shape: the same field names and kinds of value (values such as versions, times and counts differ).
 */
class ReadmeExamplesHttpTests {

	private static final String GETTING_STARTED = "Getting started in your application";

	// How long an example may take to show what the README shows (a health check to run, Redis to come back).
	private static final Duration PATIENCE = Duration.parse(System.getProperty("readme.patience", "PT30S"));

	@Test
	void theSamplesExamplesShowWhatTheSampleAnswers() throws Exception {
		List<ReadmeExamples.Example> examples = ReadmeExamples.curlExamples()
			.stream()
			.filter((example) -> !example.path().startsWith("/actuator/"))
			.toList();
		assertThat(examples).extracting(ReadmeExamples.Example::path)
			.contains("/health/redis/server", "/health/redis/pool", "/users/u1/settings", "/redis-circuit-breaker",
					"/redis-ttl-audit?pattern=*", "/dev/redis/stop", "/dev/redis/start", "/prices/BTC");
		try (LocalRedisServer redis = warmedUp(RedisServers.startLocal());
				ConfigurableApplicationContext sample = DevRedisHttpTests.sampleOn(redis)) {
			int port = port(sample);
			runInOrder(examples, port);
		}
	}

	@Test
	void theGettingStartedExamplesShowWhatADefaultApplicationAnswers() throws Exception {
		List<ReadmeExamples.Example> examples = ReadmeExamples.curlExamples()
			.stream()
			.filter((example) -> example.path().startsWith("/actuator/"))
			.toList();
		assertThat(examples).filteredOn((example) -> example.section().equals(GETTING_STARTED))
			.extracting(ReadmeExamples.Example::path)
			.contains("/actuator/health/ready", "/actuator/prometheus", "/actuator/redis-ttl-audit");
		Map<String, String> properties = ReadmeExamples.propertiesUnder(GETTING_STARTED);
		assertThat(properties).containsKeys("spring.data.redis.host", "spring.data.redis.port",
				"management.endpoints.web.exposure.include");
		try (LocalRedisServer redis = RedisServers.startLocal();
				ConfigurableApplicationContext application = GettingStartedApplication.run(redis, properties)) {
			int port = port(application);
			runInOrder(examples, port);
		}
	}

	@Test
	void theEndpointTableSaysWhatEachEndpointNeeds() throws Exception {
		List<List<String>> rows = ReadmeExamples.tableUnder("Endpoints");
		assertThat(rows).extracting((row) -> row.get(0))
			.anyMatch((name) -> name.contains("`rediscircuitbreaker`"))
			.anyMatch((name) -> name.contains("`redisttlaudit`"))
			.anyMatch((name) -> name.contains("`prometheus`"))
			.anyMatch((name) -> name.contains("`circuitbreakers`"));
		Map<String, String> needed = new LinkedHashMap<>();
		// The README: the list replaces the default, so keep health in it.
		List<String> exposed = new ArrayList<>(List.of("health"));
		for (List<String> row : rows) {
			for (String property : ReadmeExamples.quoted(row.get(3))) {
				if (!property.startsWith("management.") || !property.contains("=")) {
					continue;
				}
				String[] nameAndValue = property.split("=", 2);
				if (nameAndValue[0].equals("management.endpoints.web.exposure.include")) {
					exposed.add(nameAndValue[1]);
				}
				else {
					needed.put(nameAndValue[0], nameAndValue[1]);
				}
			}
		}
		needed.put("management.endpoints.web.exposure.include", String.join(",", exposed));
		Map<String, String> redisOnly = Map.of("spring.data.redis.host", "", "spring.data.redis.port", "");
		Map<String, String> configured = new LinkedHashMap<>(redisOnly);
		configured.putAll(needed);
		try (LocalRedisServer redis = RedisServers.startLocal();
				ConfigurableApplicationContext plain = GettingStartedApplication.run(redis, redisOnly);
				ConfigurableApplicationContext withProperties = GettingStartedApplication.run(redis, configured);
				ConfigurableApplicationContext sample = DevRedisHttpTests.sampleOn(redis)) {
			assertThat(HttpJson.get(port(plain), "/actuator/health/ready").body())
				.as("readiness without show-details, as Getting started says")
				.isEqualTo("{\"status\":\"UP\"}");
			for (List<String> row : rows) {
				boolean needsNothing = row.get(3).startsWith("nothing");
				for (String path : ReadmeExamples.quoted(row.get(1))) {
					assertThat(status(plain, path)).as("%s in a default application", path)
						.isEqualTo(needsNothing ? 200 : 404);
					assertThat(status(withProperties, path)).as("%s with %s", path, needed).isEqualTo(200);
				}
				for (String path : ReadmeExamples.quoted(row.get(2))) {
					assertThat(status(sample, path)).as("%s in the sample", path).isEqualTo(200);
				}
			}
		}
	}

	/** Gives the server a keyspace hit and miss, after which its health shows {@code hit_rate}, as in the README. */
	private static LocalRedisServer warmedUp(LocalRedisServer redis) {
		redis.execute("SET", "readme:warm-up", "1", "EX", "60");
		redis.execute("GET", "readme:warm-up");
		redis.execute("GET", "readme:missing");
		return redis;
	}

	/** Runs every example, reporting all that differ at the end; prints the live outputs, to update the README. */
	private static void runInOrder(List<ReadmeExamples.Example> examples, int port) throws InterruptedException {
		List<String> outputs = new ArrayList<>();
		List<String> failures = new ArrayList<>();
		for (ReadmeExamples.Example example : examples) {
			try {
				outputs.add("$ " + example.command() + "\n" + ReadmeExamples.assertMatches(example, port, PATIENCE));
			}
			catch (AssertionError ex) {
				failures.add(ex.getMessage());
			}
		}
		System.out.println(String.join("\n", outputs));
		assertThat(failures).as("README examples that differ from the live responses").isEmpty();
	}

	private static int status(ConfigurableApplicationContext context, String path) throws Exception {
		return HttpJson.get(port(context), path).statusCode();
	}

	static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
