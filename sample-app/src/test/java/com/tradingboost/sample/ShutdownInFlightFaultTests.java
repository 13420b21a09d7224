package com.tradingboost.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.tradingboost.redis.testsupport.DedicatedRedisServer;
import com.tradingboost.redis.testsupport.RedisServer;
import com.tradingboost.redis.testsupport.RedisServerExtension;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample is told to stop (the application context is closed, which is what Spring Boot's shutdown hook does on
 * SIGTERM) while requests are in flight: blocking pops that hold pooled Redis connections, and order counts from
 * several clients. Graceful shutdown (Spring Boot's default, not set here) lets the requests that began finish with their normal answers (none fails because
 * Redis was closed under it), no acknowledged order is lost, and every Redis connection of the sample is closed.
 */
@ExtendWith(RedisServerExtension.class)
class ShutdownInFlightFaultTests {

	private static final int BLOCKED = 3;

	private static final int COUNTERS = 3;

	private static final Pattern ORDERS = Pattern.compile("\"orders\":(\\d+)");

	/** Waits for a task for 8 s (below the 10 s command timeout); longer than the HTTP client's own timeout allows. */
	private static HttpResponse<String> blockingPop(int port) throws IOException, InterruptedException {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/tasks/next/blocking?timeout=8s"))
				.POST(HttpRequest.BodyPublishers.noBody())
				.timeout(Duration.ofSeconds(30))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void requestsInFlightFinishAndNoAcknowledgedWriteIsLost(@DedicatedRedisServer RedisServer redis) throws Exception {
		ConfigurableApplicationContext app = new SpringApplicationBuilder(SampleApplication.class).run(
				"--server.port=0", "--sample.local-redis.enabled=false", "--spring.main.banner-mode=off",
				"--tradingboost.redis.host=" + redis.host(), "--tradingboost.redis.port=" + redis.port(),
				"--tradingboost.redis.client-name=shutdown-in-flight", "--tradingboost.redis.command-timeout=10s");
		int port = Integer.parseInt(app.getEnvironment().getRequiredProperty("local.server.port"));
		ExecutorService clients = Executors.newFixedThreadPool(BLOCKED + COUNTERS);
		AtomicBoolean counting = new AtomicBoolean(true);
		ConcurrentLinkedQueue<Long> acknowledged = new ConcurrentLinkedQueue<>();
		Map<String, Integer> otherAnswers = new ConcurrentHashMap<>();
		Map<String, Integer> refused = new ConcurrentHashMap<>();
		try {
			List<Future<HttpResponse<String>>> blocked = new ArrayList<>();
			for (int i = 0; i < BLOCKED; i++) {
				blocked.add(clients.submit(() -> blockingPop(port)));
			}
			List<Future<?>> counters = new ArrayList<>();
			for (int i = 0; i < COUNTERS; i++) {
				counters.add(clients.submit(() -> {
					while (counting.get()) {
						try {
							HttpResponse<String> answer = HttpJson.post(port, "/orders/count", "");
							Matcher orders = ORDERS.matcher(answer.body());
							if (answer.statusCode() == 200 && orders.find()) {
								acknowledged.add(Long.parseLong(orders.group(1)));
							}
							else {
								otherAnswers.merge(answer.statusCode() + " " + answer.body(), 1, Integer::sum);
							}
						}
						catch (IOException notServing) {
							// The server stopped taking requests: this one never reached the application.
							refused.merge(notServing.getClass().getSimpleName(), 1, Integer::sum);
							counting.set(false);
						}
					}
					return null;
				}));
			}
			// In flight: every blocking pop waits in Redis, and orders are being counted.
			await().atMost(Duration.ofSeconds(6))
				.until(() -> redis.clientList().stream().filter((line) -> line.contains("cmd=bzpopmin")).count() == BLOCKED
						&& acknowledged.size() >= 50);

			CompletableFuture<Void> shutdown = CompletableFuture.runAsync(app::close);
			shutdown.get(60, TimeUnit.SECONDS);
			counting.set(false);

			for (Future<HttpResponse<String>> request : blocked) {
				HttpResponse<String> answer = request.get(30, TimeUnit.SECONDS);
				assertThat(answer.statusCode()).as("blocking pop in flight at shutdown: %s", answer.body()).isEqualTo(204);
			}
			for (Future<?> counter : counters) {
				counter.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			counting.set(false);
			clients.shutdownNow();
			app.close();
		}
		long counter = Long.parseLong((String) redis.execute("GET", "orders:count"));
		List<Long> values = List.copyOf(acknowledged);
		System.out.printf("shutdown in flight: %d orders acknowledged, counter %d, other answers %s, refused %s%n",
				values.size(), counter, otherAnswers, refused);
		assertThat(otherAnswers).as("requests that began and did not answer 200").isEmpty();
		assertThat(new HashSet<>(values)).hasSameSizeAs(values);
		assertThat(values).as("acknowledged orders kept").allSatisfy((value) -> assertThat(value).isLessThanOrEqualTo(counter));
		assertThat(counter).isGreaterThanOrEqualTo(values.size());
		await().atMost(Duration.ofSeconds(10))
			.until(() -> redis.clientList().stream().noneMatch((line) -> line.contains("name=shutdown-in-flight")));
	}

}
