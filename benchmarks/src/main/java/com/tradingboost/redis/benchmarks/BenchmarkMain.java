package com.tradingboost.redis.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.HdrHistogram.Histogram;

import com.tradingboost.redis.benchmarks.BenchmarkApplication.Variant;
import com.tradingboost.redis.ops.RedisBatches;
import com.tradingboost.redis.testsupport.LocalRedisServer;
import com.tradingboost.redis.testsupport.RedisServers;

import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.types.Expiration;

/**
 * Runs every benchmark against one local Redis server, interleaving the variants round by round, and writes
 * BENCHMARKS.md. Usage: {@code BenchmarkMain <output.md> [rounds] [seconds-per-window]}; environment variable
 * {@code BENCHMARKS_ONLY} (comma-separated section names) runs only those sections.
 */
public final class BenchmarkMain {

	private static final int[] THREADS = { 1, 16, 64, 200 };

	private static final String VALUE = "v".repeat(64);

	/** Environment variable naming the sections to run, comma-separated; all when unset. */
	private static final String ONLY_ENV = "BENCHMARKS_ONLY";

	private static final List<String> SECTIONS = List.of("throughput", "batches", "fail-fast", "outage", "probes",
			"connections", "startup", "failover");

	private final Path output;

	private final int rounds;

	private final Duration window;

	private final StringBuilder report = new StringBuilder();

	private final List<String> log = new ArrayList<>();

	private final List<String> targets = new ArrayList<>();

	private final Set<String> only;

	private LocalRedisServer redis;

	private BenchmarkMain(Path output, int rounds, Duration window, Set<String> only) {
		this.output = output;
		this.rounds = rounds;
		this.window = window;
		this.only = only;
	}

	public static void main(String[] args) throws Exception {
		Path output = Path.of((args.length > 0) ? args[0] : "BENCHMARKS.md");
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 3;
		Duration window = Duration.ofMillis((long) (((args.length > 2) ? Double.parseDouble(args[2]) : 1.0) * 1000));
		Set<String> only = new LinkedHashSet<>();
		for (String section : System.getenv().getOrDefault(ONLY_ENV, "").split(",")) {
			if (!section.isBlank()) {
				if (!SECTIONS.contains(section.trim())) {
					throw new IllegalArgumentException(ONLY_ENV + " names an unknown section '" + section.trim()
							+ "'; known: " + String.join(", ", SECTIONS));
				}
				only.add(section.trim());
			}
		}
		new BenchmarkMain(output, rounds, window, only).runAll();
		System.exit(0);
	}

	private void runAll() throws Exception {
		Instant started = Instant.now();
		this.redis = RedisServers.startLocal();
		try {
			Map<String, String> sections = new LinkedHashMap<>();
			if (selected("throughput") || selected("batches") || selected("connections")) {
				Map<Variant, ConfigurableApplicationContext> apps = new LinkedHashMap<>();
				for (Variant variant : Variant.values()) {
					apps.put(variant, BenchmarkApplication.start(variant, this.redis.host(), this.redis.port(), false,
							"--tradingboost.redis.client-name=bench-" + variant.name().toLowerCase(Locale.ROOT),
							"--spring.data.redis.client-name=bench-" + variant.name().toLowerCase(Locale.ROOT)));
				}
				if (selected("throughput")) {
					sections.put("throughput", throughput(apps));
				}
				if (selected("batches")) {
					sections.put("batches", batches(apps.get(Variant.STARTER).getBean(StringRedisTemplate.class),
							apps.get(Variant.STARTER).getBean(RedisBatches.class)));
				}
				if (selected("connections")) {
					sections.put("connections", connections(apps));
				}
				apps.values().forEach(ConfigurableApplicationContext::close);
			}
			if (selected("fail-fast")) {
				sections.put("fail-fast", failFast());
			}
			if (selected("outage")) {
				sections.put("outage", outage());
			}
			if (selected("probes")) {
				sections.put("probes", probes());
			}
			if (selected("startup")) {
				sections.put("startup", startup());
			}
			if (selected("failover")) {
				sections.put("failover", failover());
			}
			write(started, sections);
		}
		finally {
			this.redis.close();
		}
	}

	private boolean selected(String section) {
		return this.only.isEmpty() || this.only.contains(section);
	}

	// 1 and 2: GET/SET throughput against stock Boot, raw Lettuce and redis-benchmark; cost of metrics and breaker.
	private String throughput(Map<Variant, ConfigurableApplicationContext> apps) throws Exception {
		StringRedisTemplate starter = apps.get(Variant.STARTER).getBean(StringRedisTemplate.class);
		StringRedisTemplate stock = apps.get(Variant.STOCK_BOOT).getBean(StringRedisTemplate.class);
		StringRedisTemplate noMetrics = apps.get(Variant.STARTER_NO_METRICS).getBean(StringRedisTemplate.class);
		StringRedisTemplate noBreaker = apps.get(Variant.STARTER_NO_BREAKER).getBean(StringRedisTemplate.class);
		RedisClient client = RedisClient.create("redis://" + this.redis.host() + ":" + this.redis.port());
		boolean redisBenchmark = RedisBenchmarkTool.available();
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			RedisCommands<String, String> lettuce = connection.sync();
			lettuce.set("bench:get", VALUE);
			warmUp(starter, stock, noMetrics, noBreaker, lettuce);
			Map<String, Ratios> vsStock = new LinkedHashMap<>();
			Map<String, Ratios> vsLettuce = new LinkedHashMap<>();
			Map<String, Ratios> vsRedisBenchmark = new LinkedHashMap<>();
			Map<String, Ratios> starterOps = new LinkedHashMap<>();
			Map<String, Ratios> starterP99 = new LinkedHashMap<>();
			Map<String, Ratios> metricsCost = new LinkedHashMap<>();
			Map<String, Ratios> breakerCost = new LinkedHashMap<>();
			for (int round = 1; round <= this.rounds; round++) {
				for (int threads : THREADS) {
					for (String op : List.of("GET", "SET")) {
						String key = op + " × " + threads;
						Load.Result a = load(threads, op, starter);
						Load.Result b = load(threads, op, stock);
						Load.Result c = loadLettuce(threads, op, lettuce);
						starterOps.computeIfAbsent(key, (k) -> new Ratios()).add(a.opsPerSecond());
						starterP99.computeIfAbsent(key, (k) -> new Ratios()).add(a.p(99));
						vsStock.computeIfAbsent(key, (k) -> new Ratios()).add(a.opsPerSecond() / b.opsPerSecond());
						vsLettuce.computeIfAbsent(key, (k) -> new Ratios()).add(a.opsPerSecond() / c.opsPerSecond());
						if (redisBenchmark) {
							int requests = (int) Math.max(5_000, Math.min(200_000, a.opsPerSecond()));
							RedisBenchmarkTool.requestsPerSecond(this.redis.port(), op.toLowerCase(Locale.ROOT), threads,
									requests, 1)
								.ifPresent((rps) -> vsRedisBenchmark.computeIfAbsent(key, (k) -> new Ratios())
									.add(a.opsPerSecond() / rps));
						}
						if (threads == 16) {
							Load.Result withoutMetrics = load(threads, op, noMetrics);
							Load.Result withoutBreaker = load(threads, op, noBreaker);
							metricsCost.computeIfAbsent(op, (k) -> new Ratios())
								.add(1 - a.opsPerSecond() / withoutMetrics.opsPerSecond());
							breakerCost.computeIfAbsent(op, (k) -> new Ratios())
								.add(1 - a.opsPerSecond() / withoutBreaker.opsPerSecond());
						}
						progress("round " + round + " " + key + ": starter " + (long) a.opsPerSecond() + " ops/s, stock "
								+ (long) b.opsPerSecond() + ", lettuce " + (long) c.opsPerSecond());
					}
				}
			}
			for (String key : starterOps.keySet()) {
				target("starter ÷ stock Boot, " + key, vsStock.get(key), "%.2f", ">= 0.95", 0.95, true);
				if (key.endsWith("× 64") && vsRedisBenchmark.containsKey(key)) {
					target("starter ÷ redis-benchmark, " + key, vsRedisBenchmark.get(key), "%.2f", ">= 0.8", 0.8, true);
				}
			}
			for (String op : metricsCost.keySet()) {
				target("cost of metrics, " + op + " × 16", metricsCost.get(op), "%+.3f", "<= 0.03", 0.03, false);
				target("cost of the breaker (and retry for reads), " + op + " × 16", breakerCost.get(op), "%+.3f",
						"<= 0.03", 0.03, false);
			}
			StringBuilder table = new StringBuilder();
			table.append("| op × threads | starter ops/s | starter p99 µs | starter ÷ stock Boot | starter ÷ raw Lettuce | starter ÷ redis-benchmark |\n");
			table.append("|---|---|---|---|---|---|\n");
			for (String key : starterOps.keySet()) {
				table.append("| ").append(key).append(" | ").append(starterOps.get(key).format("%.0f"))
					.append(" | ").append(starterP99.get(key).format("%.0f"))
					.append(" | ").append(vsStock.get(key).format("%.2f"))
					.append(" | ").append(vsLettuce.get(key).format("%.2f"))
					.append(" | ").append(vsRedisBenchmark.getOrDefault(key, new Ratios()).format("%.2f"))
					.append(" |\n");
			}
			table.append("\nCost of each feature at 16 threads (1 − starter ÷ starter-without-it; negative = noise):\n\n");
			table.append("| op | metrics cost | breaker cost |\n|---|---|---|\n");
			for (String op : metricsCost.keySet()) {
				table.append("| ").append(op).append(" | ").append(metricsCost.get(op).format("%+.3f"))
					.append(" | ").append(breakerCost.get(op).format("%+.3f")).append(" |\n");
			}
			return table.toString();
		}
		finally {
			client.shutdown();
		}
	}

	private void warmUp(StringRedisTemplate starter, StringRedisTemplate stock, StringRedisTemplate noMetrics,
			StringRedisTemplate noBreaker, RedisCommands<String, String> lettuce) throws InterruptedException {
		Duration warm = this.window;
		for (StringRedisTemplate template : List.of(starter, stock, noMetrics, noBreaker)) {
			Load.run(16, warm, () -> template.opsForValue().get("bench:get"));
		}
		Load.run(16, warm, () -> lettuce.get("bench:get"));
	}

	private Load.Result load(int threads, String op, StringRedisTemplate template) throws InterruptedException {
		return "GET".equals(op) ? Load.run(threads, this.window, () -> template.opsForValue().get("bench:get"))
				: Load.run(threads, this.window, () -> template.opsForValue().set("bench:set", VALUE));
	}

	private Load.Result loadLettuce(int threads, String op, RedisCommands<String, String> lettuce)
			throws InterruptedException {
		return "GET".equals(op) ? Load.run(threads, this.window, () -> lettuce.get("bench:get"))
				: Load.run(threads, this.window, () -> lettuce.set("bench:set", VALUE));
	}

	// 3: 10k SET with TTL.
	private String batches(StringRedisTemplate starter, RedisBatches patterns) {
		int count = 10_000;
		Map<String, String> batch = new LinkedHashMap<>();
		for (int i = 0; i < count; i++) {
			batch.put("patterns:" + i, VALUE);
		}
		Ratios patternsOps = new Ratios();
		Ratios patternsVsRedisBenchmark = new Ratios();
		Ratios patternsVsIndividual = new Ratios();
		Ratios pipelined = new Ratios();
		Ratios individual = new Ratios();
		Ratios vsRedisBenchmark = new Ratios();
		Ratios vsIndividual = new Ratios();
		byte[] value = VALUE.getBytes(StandardCharsets.UTF_8);
		for (int round = 1; round <= this.rounds; round++) {
			long start = System.nanoTime();
			starter.executePipelined((RedisCallback<Object>) (connection) -> {
				for (int i = 0; i < count; i++) {
					connection.stringCommands()
						.set(("batch:" + i).getBytes(StandardCharsets.UTF_8), value, Expiration.seconds(600),
								SetOption.upsert());
				}
				return null;
			});
			double pipelinedOps = count / ((System.nanoTime() - start) / 1e9);
			start = System.nanoTime();
			for (int i = 0; i < count; i++) {
				starter.opsForValue().set("single:" + i, VALUE, Duration.ofMinutes(10));
			}
			double individualOps = count / ((System.nanoTime() - start) / 1e9);
			start = System.nanoTime();
			patterns.setAll(batch, Duration.ofMinutes(10));
			double setAllOps = count / ((System.nanoTime() - start) / 1e9);
			patternsOps.add(setAllOps);
			patternsVsIndividual.add(setAllOps / individualOps);
			pipelined.add(pipelinedOps);
			individual.add(individualOps);
			vsIndividual.add(pipelinedOps / individualOps);
			RedisBenchmarkTool.requestsPerSecond(this.redis.port(), "set", 1, count, 16).ifPresent((rps) -> {
				vsRedisBenchmark.add(pipelinedOps / rps);
				patternsVsRedisBenchmark.add(setAllOps / rps);
			});
			progress("round " + round + " batches: pipelined " + (long) pipelinedOps + " ops/s, individual "
					+ (long) individualOps);
		}
		target("RedisBatches.setAll ÷ redis-benchmark -P 16", patternsVsRedisBenchmark, "%.2f", ">= 0.7", 0.7, true);
		target("RedisBatches.setAll ÷ individual calls", patternsVsIndividual, "%.1f", ">= 20", 20, true);
		return "| variant | ops/s | ratio |\n|---|---|---|\n"
				+ "| patterns API `RedisBatches.setAll` (10k SET PX, manual flush on a dedicated connection) | "
				+ patternsOps.format("%.0f") + " | ÷ redis-benchmark -P 16 -c 1: " + patternsVsRedisBenchmark.format("%.2f")
				+ "; ÷ individual calls: " + patternsVsIndividual.format("%.1f") + " |\n"
				+ "| `executePipelined` through the starter (10k SET EX) | " + pipelined.format("%.0f")
				+ " | ÷ redis-benchmark -P 16 -c 1: " + vsRedisBenchmark.format("%.2f") + "; ÷ individual calls: "
				+ vsIndividual.format("%.1f") + " |\n"
				+ "| individual `opsForValue().set(k, v, ttl)` calls | " + individual.format("%.0f") + " | |\n";
	}

	// 7: server-side connections with 200 threads.
	private String connections(Map<Variant, ConfigurableApplicationContext> apps) throws InterruptedException {
		StringBuilder table = new StringBuilder("| variant | 200 threads GET/SET | 200 threads MULTI/EXEC |\n|---|---|---|\n");
		for (Variant variant : List.of(Variant.STARTER, Variant.STOCK_BOOT)) {
			StringRedisTemplate template = apps.get(variant).getBean(StringRedisTemplate.class);
			String name = "bench-" + variant.name().toLowerCase(Locale.ROOT);
			Load.run(200, this.window, () -> template.opsForValue().get("bench:get"));
			long plain = clients(name);
			Load.run(200, this.window, () -> template.execute(new IncrementInTransaction()));
			long transactions = clients(name);
			table.append("| ").append(label(variant)).append(" | ").append(plain).append(" | ").append(transactions)
				.append(" |\n");
			progress("connections " + variant + ": " + plain + " / " + transactions);
		}
		return table.toString();
	}

	private long clients(String name) {
		return this.redis.clientList().stream().filter((line) -> line.contains(" name=" + name + " ")).count();
	}

	// 4: a refused call with the breaker open vs a call that waits for the command timeout.
	private String failFast() throws InterruptedException {
		Histogram refused = new Histogram(3_600_000_000_000L, 2);
		try (ConfigurableApplicationContext app = BenchmarkApplication.start(Variant.STARTER, this.redis.host(),
				this.redis.port(), false)) {
			StringRedisTemplate template = app.getBean(StringRedisTemplate.class);
			template.opsForValue().get("bench:get");
			app.getBean(CircuitBreakerRegistry.class).circuitBreaker("redis").transitionToForcedOpenState();
			for (int i = 0; i < 110_000; i++) {
				long start = System.nanoTime();
				try {
					template.opsForValue().get("bench:get");
				}
				catch (RuntimeException expected) {
					if (i >= 10_000) {
						refused.recordValue(System.nanoTime() - start);
					}
				}
			}
		}
		Histogram waited = new Histogram(3_600_000_000_000L, 2);
		try (ConfigurableApplicationContext app = BenchmarkApplication.start(Variant.STARTER_NO_BREAKER,
				this.redis.host(), this.redis.port(), false, "--tradingboost.redis.command-timeout=500ms")) {
			StringRedisTemplate template = app.getBean(StringRedisTemplate.class);
			template.opsForValue().get("bench:get");
			this.redis.pause();
			try {
				for (int i = 0; i < 10; i++) {
					long start = System.nanoTime();
					try {
						template.opsForValue().get("bench:get");
					}
					catch (RuntimeException expected) {
						waited.recordValue(System.nanoTime() - start);
					}
				}
			}
			finally {
				this.redis.resume();
			}
		}
		progress("fail-fast measured");
		Ratios p99 = new Ratios();
		p99.add(refused.getValueAtPercentile(99) / 1e3);
		target("p99 of a call refused by the open breaker (µs)", p99, "%.1f", "<= 50", 50, false);
		return "| call | calls | p50 | p99 |\n|---|---|---|---|\n"
				+ String.format(Locale.ROOT, "| refused by the open breaker | %d | %.1f µs | %.1f µs |%n",
						refused.getTotalCount(), refused.getValueAtPercentile(50) / 1e3,
						refused.getValueAtPercentile(99) / 1e3)
				+ String.format(Locale.ROOT,
						"| no breaker, Redis paused, command-timeout 500 ms | %d | %.0f ms | %.0f ms |%n",
						waited.getTotalCount(), waited.getValueAtPercentile(50) / 1e6,
						waited.getValueAtPercentile(99) / 1e6);
	}

	// 5: time from Redis killed to breaker open, and from Redis back to breaker closed, under load.
	private String outage() throws Exception {
		Ratios toOpen = new Ratios();
		Ratios toClosed = new Ratios();
		try (ConfigurableApplicationContext app = BenchmarkApplication.start(Variant.STARTER, this.redis.host(),
				this.redis.port(), false)) {
			StringRedisTemplate template = app.getBean(StringRedisTemplate.class);
			CircuitBreaker breaker = app.getBean(CircuitBreakerRegistry.class).circuitBreaker("redis");
			for (int round = 1; round <= this.rounds; round++) {
				Thread load = new Thread(() -> {
					try {
						Load.run(8, Duration.ofSeconds(30), () -> template.opsForValue().get("bench:get"));
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				});
				load.start();
				Thread.sleep(300);
				long killed = System.nanoTime();
				this.redis.kill();
				while (breaker.getState() != State.OPEN && System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(20)) {
					Thread.sleep(1);
				}
				toOpen.add((System.nanoTime() - killed) / 1e6);
				Thread.sleep(2000);
				this.redis.start();
				long back = System.nanoTime();
				while (breaker.getState() != State.CLOSED && System.nanoTime() - back < TimeUnit.SECONDS.toNanos(70)) {
					Thread.sleep(1);
				}
				toClosed.add((System.nanoTime() - back) / 1e6);
				load.join();
				progress("outage round " + round);
			}
		}
		target("Redis back → breaker CLOSED (ms)", toClosed, "%.0f", "<= 2000", 2000, false);
		return "| transition | time (ms) |\n|---|---|\n" + "| Redis killed → breaker OPEN (8 threads of GET) | "
				+ toOpen.format("%.0f") + " |\n" + "| Redis back (accepting connections) → breaker CLOSED | "
				+ toClosed.format("%.0f") + " |\n";
	}

	// 6: probe latency while Redis is paused.
	private String probes() throws Exception {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		StringBuilder table = new StringBuilder("| probe | Redis | requests | p50 | p99 |\n|---|---|---|---|---|\n");
		try (ConfigurableApplicationContext app = BenchmarkApplication.start(Variant.STARTER, this.redis.host(),
				this.redis.port(), true, "--tradingboost.redis.health-check-interval=1s")) {
			int port = ((WebServerApplicationContext) app).getWebServer().getPort();
			for (String state : List.of("up", "paused")) {
				if ("paused".equals(state)) {
					this.redis.pause();
				}
				try {
					for (String probe : List.of("ready", "live")) {
						Histogram latency = new Histogram(3_600_000_000_000L, 2);
						long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
						while (System.nanoTime() < until) {
							long start = System.nanoTime();
							http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/" + probe))
								.timeout(Duration.ofSeconds(5))
								.build(), HttpResponse.BodyHandlers.discarding());
							latency.recordValue(System.nanoTime() - start);
						}
						table.append(String.format(Locale.ROOT, "| /actuator/health/%s | %s | %d | %.2f ms | %.2f ms |%n",
								probe, state, latency.getTotalCount(), latency.getValueAtPercentile(50) / 1e6,
								latency.getValueAtPercentile(99) / 1e6));
						if ("paused".equals(state)) {
							Ratios probeP99 = new Ratios();
							probeP99.add(latency.getValueAtPercentile(99) / 1e6);
							target("p99 of /actuator/health/" + probe + " while Redis is paused (ms)", probeP99, "%.2f",
									"<= 5", 5, false);
						}
					}
				}
				finally {
					if ("paused".equals(state)) {
						this.redis.resume();
					}
				}
			}
		}
		progress("probes measured");
		return table.toString();
	}

	// 8: start-up of a minimal web app, in fresh JVMs.
	private String startup() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		Map<String, Ratios> millis = new LinkedHashMap<>();
		Ratios upRatio = new Ratios();
		Ratios downRatio = new Ratios();
		for (int round = 1; round <= this.rounds; round++) {
			for (boolean up : List.of(true, false)) {
				int port = up ? this.redis.port() : closedPort;
				long starter = startupMillis(Variant.STARTER, port);
				long stock = startupMillis(Variant.STOCK_BOOT, port);
				String state = up ? "Redis up" : "Redis down";
				millis.computeIfAbsent("starter, " + state, (k) -> new Ratios()).add(starter);
				millis.computeIfAbsent("stock Boot, " + state, (k) -> new Ratios()).add(stock);
				(up ? upRatio : downRatio).add((double) starter / stock);
			}
			progress("startup round " + round);
		}
		target("start-up, starter ÷ stock, Redis up", upRatio, "%.2f", "<= 1.10", 1.10, false);
		target("start-up, starter ÷ stock, Redis down", downRatio, "%.2f", "<= 1.10", 1.10, false);
		StringBuilder table = new StringBuilder("| application | start-up ms |\n|---|---|\n");
		millis.forEach((name, values) -> table.append("| ").append(name).append(" | ").append(values.format("%.0f"))
			.append(" |\n"));
		table.append("| starter ÷ stock, Redis up | ").append(upRatio.format("%.2f")).append(" |\n");
		table.append("| starter ÷ stock, Redis down | ").append(downRatio.format("%.2f")).append(" |\n");
		return table.toString();
	}

	// 9: SIGKILL of a Sentinel master and of a cluster master under load: time to recover, failed calls, lost writes.
	private String failover() throws Exception {
		Map<FailoverBenchmark.Topology, List<FailoverBenchmark.Round>> results = new LinkedHashMap<>();
		for (int round = 1; round <= this.rounds; round++) {
			for (FailoverBenchmark.Topology topology : FailoverBenchmark.Topology.values()) {
				String name = topology.name().toLowerCase(Locale.ROOT);
				int number = round;
				results.computeIfAbsent(topology, (k) -> new ArrayList<>())
					.add(FailoverBenchmark.run(topology, (line) -> progress("failover " + name + " round " + number
							+ ": " + line)));
			}
		}
		List<FailoverBenchmark.Round> sentinel = results.get(FailoverBenchmark.Topology.SENTINEL);
		List<FailoverBenchmark.Round> cluster = results.get(FailoverBenchmark.Topology.CLUSTER);
		StringBuilder table = new StringBuilder("| per round (median, spread over the rounds) "
				+ "| Sentinel: the master killed | Cluster: 1 of 3 masters killed |\n|---|---|---|\n");
		failoverRow(table, "kill → the replica is promoted (as the fixture sees Redis), ms", sentinel, cluster, "%.0f",
				FailoverBenchmark.Round::promotedMillis);
		failoverRow(table, "**kill → first acknowledged write to a key of the killed master (time to recover), ms**",
				sentinel, cluster, "%.0f", FailoverBenchmark.Round::recoveredMillis);
		failoverRow(table, "promotion → first acknowledged write (the client's own delay), ms", sentinel, cluster,
				"%.0f", (r) -> r.recoveredMillis() - r.promotedMillis());
		failoverRow(table, "kill → last failed call, ms", sentinel, cluster, "%.0f",
				FailoverBenchmark.Round::lastFailureMillis);
		failoverRow(table, "calls (SET + GET) that ended between the kill and the end of the load", sentinel, cluster,
				"%.0f", FailoverBenchmark.Round::calls);
		failoverRow(table, "**failed calls** (each one an exception to its caller)", sentinel, cluster, "%.0f",
				FailoverBenchmark.Round::failed);
		failoverRow(table, "… of which refused by the open circuit breaker", sentinel, cluster, "%.0f",
				FailoverBenchmark.Round::refused);
		failoverRow(table, "… of which on keys of the masters that were not killed", sentinel, cluster, "%.0f",
				FailoverBenchmark.Round::failedOnSurvivors);
		failoverRow(table, "GETs older than the same thread's acknowledged SET before them", sentinel, cluster,
				"%.0f", FailoverBenchmark.Round::staleReads);
		failoverRow(table, "**acknowledged writes lost**, SET issued after the kill", sentinel, cluster, "%.0f",
				FailoverBenchmark.Round::lostAfterKill);
		failoverRow(table, "acknowledged writes lost, SET issued before the kill (asynchronous replication)", sentinel,
				cluster, "%.0f", FailoverBenchmark.Round::lostBeforeKill);
		for (FailoverBenchmark.Topology topology : results.keySet()) {
			Ratios worst = new Ratios();
			worst.add(results.get(topology)
				.stream()
				.mapToLong(FailoverBenchmark.Round::lostAfterKill)
				.max()
				.orElse(0));
			target("failover, " + topology.name().toLowerCase(Locale.ROOT)
					+ ": writes acknowledged after the kill and lost, worst round", worst, "%.0f", "0", 0, false);
		}
		Map<String, Long> failures = new java.util.TreeMap<>();
		results.values()
			.forEach((rounds) -> rounds
				.forEach((r) -> r.failures()
					.forEach((kind, n) -> failures.merge(kind.startsWith("before the kill") ? "" : kind, n, Long::sum))));
		failures.remove("");
		table.append("\nWhat the callers saw, all rounds and both topologies: ");
		failures.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.forEach((entry) -> table.append(entry.getValue()).append(" × `").append(entry.getKey()).append("`; "));
		table.setLength(table.length() - 2);
		table.append(".\n\n");
		table.append("Method: every round starts a fresh topology with the test fixture ")
			.append("(`RedisServers.startSentinelSet()`: one master, one replica, three sentinels, quorum 2, ")
			.append("`down-after-milliseconds` 1000, `failover-timeout` 3000; `RedisServers.startCluster()`: three masters ")
			.append("with one replica each, `cluster-node-timeout` 1000) and the benchmark application on it with the ")
			.append("starter's defaults (circuit breaker on, `REJECT_COMMANDS`, cluster topology refresh every 5 s plus the ")
			.append("adaptive triggers), configured by `tradingboost.redis.sentinel.*` or `tradingboost.redis.cluster.nodes`. ")
			.append(FailoverBenchmark.THREADS)
			.append(" threads each cycle over ")
			.append(FailoverBenchmark.KEYS_PER_THREAD)
			.append(" keys of their own: SET the key to the thread's next sequence number through the application's ")
			.append("`StringRedisTemplate`, GET it back, pause ")
			.append(FailoverBenchmark.PACE.toMillis())
			.append(" ms. After ")
			.append(FailoverBenchmark.BEFORE_KILL.toMillis())
			.append(" ms of load the master (for the cluster, the one owning `failover:0:0`, a third of the slots) is ")
			.append("killed with `SIGKILL`; the load goes on until the replica is promoted, a SET of a key of the killed ")
			.append("master issued after the kill has been acknowledged, and no call has failed for ")
			.append(FailoverBenchmark.QUIET_AFTER_RECOVERY.toMillis())
			.append(" ms. Then every key is read through the application: a write is lost when the key holds an older ")
			.append("sequence number than the last SET the application reported as successful (a newer one is fine: a SET ")
			.append("may fail to its caller after Redis applied it). Writes the old master acknowledged in the last moment ")
			.append("before the kill may legitimately be lost, because Redis replicates asynchronously; they are counted ")
			.append("apart. Failed calls are counted from the kill (calls in flight at the kill included); while the breaker ")
			.append("is open a refused call returns in microseconds, so their number follows the pace of the load, not the ")
			.append("number of callers. ")
			.append(this.rounds)
			.append(" rounds per topology, alternating.\n");
		return table.toString();
	}

	private static void failoverRow(StringBuilder table, String name, List<FailoverBenchmark.Round> sentinel,
			List<FailoverBenchmark.Round> cluster, String format,
			java.util.function.ToDoubleFunction<FailoverBenchmark.Round> value) {
		table.append("| ").append(name);
		for (List<FailoverBenchmark.Round> rounds : List.of(sentinel, cluster)) {
			Ratios values = new Ratios();
			rounds.stream().mapToDouble(value).filter((v) -> !Double.isNaN(v)).forEach(values::add);
			String formatted = values.format(format);
			if (values.isEmpty() || rounds.stream().mapToDouble(value).anyMatch(Double::isNaN)) {
				formatted += " (not recovered in " + rounds.stream().mapToDouble(value).filter(Double::isNaN).count()
						+ " rounds)";
			}
			table.append(" | ").append(formatted);
		}
		table.append(" |\n");
	}

	private long startupMillis(Variant variant, int port) throws IOException, InterruptedException {
		String java = ProcessHandle.current().info().command().orElse("java");
		Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				StartupProbe.class.getName(), variant.name(), "127.0.0.1", String.valueOf(port))
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor(120, TimeUnit.SECONDS);
		return output.lines()
			.filter((line) -> line.startsWith("STARTUP_MS="))
			.map((line) -> Long.parseLong(line.substring("STARTUP_MS=".length())))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("start-up probe printed no time:\n" + output));
	}

	private void write(Instant started, Map<String, String> sections) throws IOException {
		String redisVersion = ((String) this.redis.execute("INFO", "server")).lines()
			.filter((line) -> line.startsWith("redis_version:"))
			.map((line) -> line.substring("redis_version:".length()).trim())
			.findFirst()
			.orElse("?");
		Duration took = Duration.between(started, Instant.now());
		this.report.append("# Benchmarks\n\n")
			.append("Generated by `./benchmarks/run.sh` on ").append(started).append(" (took ")
			.append(took.toSeconds()).append(" s). Do not edit by hand: rerun the harness.\n\n")
			.append("## Method\n\n")
			.append("- One Redis server started by the test fixture's launcher on a free local port; all variants run in one JVM against it, ")
			.append("interleaved round by round (starter, stock Boot, raw Lettuce, redis-benchmark), ").append(this.rounds)
			.append(" rounds of ").append(this.window.toMillis()).append(" ms windows after a warm-up.\n")
			.append("- Every figure is the median over the rounds with the spread (min–max) in brackets. Ratios are taken within a round, ")
			.append("so they compare variants measured seconds apart. Client and server share the same 2 cores: treat differences under ~10 % as noise.\n")
			.append("- starter = `StringRedisTemplate` on the starter's factory with circuit breaker and meters on; stock Boot = Spring Boot's own ")
			.append("auto-configured `StringRedisTemplate` (pooled `LettuceConnectionFactory`); raw Lettuce = one shared `StatefulRedisConnection`, sync API; ")
			.append("redis-benchmark = `redis-benchmark -c <threads> -d 64 -t get|set` against the same server. Values are 64 bytes.\n\n")
			.append("## Machine and versions\n\n")
			.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs, ")
			.append(totalMemory()).append(", ").append(System.getProperty("os.name")).append(' ')
			.append(System.getProperty("os.version")).append(' ').append(System.getProperty("os.arch")).append('\n')
			.append("- JVM: ").append(System.getProperty("java.vm.name")).append(' ')
			.append(System.getProperty("java.version")).append(", flags ")
			.append(ManagementFactory.getRuntimeMXBean().getInputArguments()).append('\n')
			.append("- Spring Boot ").append(SpringBootVersion.getVersion()).append(", Lettuce ")
			.append(RedisClient.class.getPackage().getImplementationVersion()).append(", Redis ").append(redisVersion)
			.append(", ").append(RedisBenchmarkTool.available() ? RedisBenchmarkTool.version() : "redis-benchmark not found")
			.append("\n\n")
			.append(this.only.isEmpty() ? ""
					: "Only the sections " + String.join(", ", this.only) + " were run (" + ONLY_ENV + ").\n\n");
		section(sections, "throughput", "## 1–2. GET and SET throughput\n\n",
				"\nTargets: ≥ 0.95× stock Boot; at 64 threads ≥ 0.8× redis-benchmark; each feature ≤ 2–3 %.\n\n");
		section(sections, "batches", "## 3. Batches: 10,000 SET with TTL\n\n",
				"\nTargets: ≥ 0.7× redis-benchmark -P 16, ≥ 20× individual calls.\n\n");
		section(sections, "fail-fast", "## 4. Fail-fast\n\n", "\nTarget: p99 of a refused call ≤ 50 µs.\n\n");
		section(sections, "outage", "## 5. Outage and recovery\n\n", "\nTarget: ≤ 2 s back to closed.\n\n");
		section(sections, "probes", "## 6. Probes while Redis is paused\n\n", "\nTarget: p99 ≤ 5 ms.\n\n");
		section(sections, "connections", "## 7. Server-side connections\n\n",
				"\nCounted with `CLIENT LIST` by client name after 1 window of load; the shared connection is one of the pool's.\n\n");
		section(sections, "startup", "## 8. Start-up of a minimal web app\n\n",
				"\nFresh JVM per start, time from JVM start to a ready context. Target: ≤ 10 % added.\n\n");
		section(sections, "failover", "## 9. Failover under load\n\n", "\n");
		this.report
			.append("## Reading\n\n")
			.append("Each target of the benchmark issue against the median of this run (spread in brackets). A target counts as met on the median; ")
			.append("with client and server sharing 2 cores, a miss within the spread is not conclusive, a miss outside it is.\n\n")
			.append("| target | measured | goal | |\n|---|---|---|---|\n").append(String.join("\n", this.targets)).append("\n\n")
			.append("What the rows mean: the fail-fast, outage, probe and failover rows test the design (refusals never touch Redis, ")
			.append("recovery is driven by the health probe, probes only read a snapshot, a failover costs failed calls but never a ")
			.append("write reported as successful). The throughput and cost rows measure what ")
			.append("the gate (a JDK proxy per connection, the Resilience4j breaker, the retry wrapper for safe reads) and the command ")
			.append("timer add per command on a CPU-bound loopback setup, where every microsecond of client CPU is taken from the server; ")
			.append("over a network the same cost is a smaller share of a command. Spring Data's `executePipelined` is shown beside the ")
			.append("patterns API's batches for comparison.\n\n")
			.append("## Published figures of the services this starter replaces (theirs, not measured here)\n\n")
			.append("| claim (seed documents) | figure |\n|---|---|\n")
			.append("| average latency, combined ops | 0.40 ms, 6,841 ops/s |\n")
			.append("| single / concurrent / batch operations | 1,500 / 3,000 / 5,000 ops/s |\n")
			.append("| 100 pipelined SETs | 50 ms |\n\n")
			.append("They come from other code (Python and Go services) on other machines and are shown only for context.\n\n")
			.append("## Run log\n\n```\n").append(String.join("\n", this.log)).append("\n```\n");
		Files.writeString(this.output, this.report.toString());
		System.out.println("Wrote " + this.output.toAbsolutePath());
	}

	private void section(Map<String, String> sections, String name, String heading, String footer) {
		if (sections.containsKey(name)) {
			this.report.append(heading).append(sections.get(name)).append(footer);
		}
	}

	private void target(String name, Ratios measured, String format, String goal, double bound, boolean atLeast) {
		if (measured.isEmpty()) {
			this.targets.add("| " + name + " | not measured | " + goal + " | – |");
			return;
		}
		boolean met = atLeast ? measured.median() >= bound : measured.median() <= bound;
		this.targets.add("| " + name + " | " + measured.format(format) + " | " + goal + " | " + (met ? "met" : "**missed**")
				+ " |");
	}

	private static String totalMemory() {
		try {
			return Files.readAllLines(Path.of("/proc/meminfo"))
				.stream()
				.filter((line) -> line.startsWith("MemTotal:"))
				.map((line) -> Long.parseLong(line.replaceAll("\\D", "")) / 1024 / 1024 + " GiB")
				.findFirst()
				.orElse("memory unknown");
		}
		catch (IOException ex) {
			return "memory unknown";
		}
	}

	private void progress(String line) {
		System.out.println(line);
		this.log.add(line);
	}

	private static String label(Variant variant) {
		return (variant == Variant.STARTER) ? "starter" : "stock Boot";
	}

	private static final class IncrementInTransaction implements SessionCallback<Object> {

		@Override
		@SuppressWarnings({ "unchecked", "rawtypes" })
		public Object execute(RedisOperations operations) {
			operations.multi();
			operations.opsForValue().increment("bench:tx");
			return operations.exec();
		}

	}

}
