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
			"connections", "startup", "failover", "dropped", "paused", "cluster-batches", "nearcache");

	/** Calls refused before the fail-fast measurement starts. */
	private static final int FAIL_FAST_WARM_UP = 10_000;

	/** Refused calls measured per round. */
	private static final int FAIL_FAST_CALLS_PER_ROUND = 20_000;

	/** At most this many rounds of the start-up section, whose rounds start four JVMs each. */
	private static final int STARTUP_ROUNDS_MAX = 3;

	/** Rounds when the command line names none. */
	private static final int DEFAULT_ROUNDS = 5;

	private final Path output;

	private final int rounds;

	private final Duration window;

	private final StringBuilder report = new StringBuilder();

	private final List<String> log = new ArrayList<>();

	private final List<String> targets = new ArrayList<>();

	private final Set<String> only;

	private final Map<String, Duration> sectionTimes = new LinkedHashMap<>();

	private LocalRedisServer redis;

	private BenchmarkMain(Path output, int rounds, Duration window, Set<String> only) {
		this.output = output;
		this.rounds = rounds;
		this.window = window;
		this.only = only;
	}

	public static void main(String[] args) throws Exception {
		Path output = Path.of((args.length > 0) ? args[0] : "BENCHMARKS.md");
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : DEFAULT_ROUNDS;
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
				run(sections, "throughput", () -> throughput(apps));
				run(sections, "batches", () -> batches(apps.get(Variant.STARTER).getBean(StringRedisTemplate.class),
						apps.get(Variant.STARTER).getBean(RedisBatches.class)));
				run(sections, "connections", () -> connections(apps));
				apps.values().forEach(ConfigurableApplicationContext::close);
			}
			run(sections, "cluster-batches", this::clusterBatches);
			run(sections, "fail-fast", this::failFast);
			run(sections, "outage", this::outage);
			run(sections, "dropped", this::dropped);
			run(sections, "paused", this::paused);
			run(sections, "probes", this::probes);
			run(sections, "startup", this::startup);
			run(sections, "failover", this::failover);
			run(sections, "nearcache", () -> NearCacheBenchmark.measure(this.redis, this.rounds, this.window,
					this::targetRow, this::progress));
			write(started, sections);
		}
		finally {
			this.redis.close();
		}
	}

	private boolean selected(String section) {
		return this.only.isEmpty() || this.only.contains(section);
	}

	/** A section's measurement, returning its Markdown body. */
	@FunctionalInterface
	private interface Section {

		String measure() throws Exception;

	}

	/** Runs a selected section and notes how long it took. */
	private void run(Map<String, String> sections, String name, Section section) throws Exception {
		if (!selected(name)) {
			return;
		}
		long start = System.nanoTime();
		sections.put(name, section.measure());
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		this.sectionTimes.put(name, took);
		progress("section " + name + " took " + took.toSeconds() + " s");
	}

	// 1 and 2: GET/SET throughput against stock Boot, raw Lettuce and redis-benchmark; cost of metrics, breaker and
	// flush consolidation.
	private String throughput(Map<Variant, ConfigurableApplicationContext> apps) throws Exception {
		StringRedisTemplate starter = apps.get(Variant.STARTER).getBean(StringRedisTemplate.class);
		StringRedisTemplate stock = apps.get(Variant.STOCK_BOOT).getBean(StringRedisTemplate.class);
		StringRedisTemplate noMetrics = apps.get(Variant.STARTER_NO_METRICS).getBean(StringRedisTemplate.class);
		StringRedisTemplate noBreaker = apps.get(Variant.STARTER_NO_BREAKER).getBean(StringRedisTemplate.class);
		StringRedisTemplate noFlush = apps.get(Variant.STARTER_NO_FLUSH_CONSOLIDATION)
			.getBean(StringRedisTemplate.class);
		RedisClient client = RedisClient.create("redis://" + this.redis.host() + ":" + this.redis.port());
		boolean redisBenchmark = RedisBenchmarkTool.available();
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			RedisCommands<String, String> lettuce = connection.sync();
			lettuce.set("bench:get", VALUE);
			warmUp(List.of(starter, stock, noMetrics, noBreaker, noFlush), lettuce);
			Map<String, Ratios> vsStock = new LinkedHashMap<>();
			Map<String, Ratios> vsLettuce = new LinkedHashMap<>();
			Map<String, Ratios> vsRedisBenchmark = new LinkedHashMap<>();
			Map<String, Ratios> vsNoFlush = new LinkedHashMap<>();
			Map<String, Ratios> starterOps = new LinkedHashMap<>();
			Map<String, Ratios> starterP99 = new LinkedHashMap<>();
			Map<String, Ratios> p99VsStock = new LinkedHashMap<>();
			Map<String, Ratios> metricsCost = new LinkedHashMap<>();
			Map<String, Ratios> breakerCost = new LinkedHashMap<>();
			Map<String, Ratios> flushCost = new LinkedHashMap<>();
			for (int round = 1; round <= this.rounds; round++) {
				int keyIndex = 0;
				for (int threads : THREADS) {
					for (String op : List.of("GET", "SET")) {
						String key = op + " × " + threads;
						Map<String, Measurement> contenders = new LinkedHashMap<>();
						contenders.put("starter", () -> load(threads, op, starter));
						contenders.put("stock", () -> load(threads, op, stock));
						contenders.put("lettuce", () -> loadLettuce(threads, op, lettuce));
						contenders.put("no-flush-consolidation", () -> load(threads, op, noFlush));
						if (threads == 16) {
							contenders.put("no-metrics", () -> load(threads, op, noMetrics));
							contenders.put("no-breaker", () -> load(threads, op, noBreaker));
						}
						// The order rotates by one place from round to round (and from row to row), so that no
						// variant always runs first or right after the same other one.
						Map<String, Load.Result> r = measureRotated(contenders, round - 1 + keyIndex++);
						Load.Result a = r.get("starter");
						Load.Result b = r.get("stock");
						Load.Result c = r.get("lettuce");
						Load.Result d = r.get("no-flush-consolidation");
						starterOps.computeIfAbsent(key, (k) -> new Ratios()).add(a.opsPerSecond());
						starterP99.computeIfAbsent(key, (k) -> new Ratios()).add(a.p(99));
						p99VsStock.computeIfAbsent(key, (k) -> new Ratios()).add(a.p(99) / b.p(99));
						vsStock.computeIfAbsent(key, (k) -> new Ratios()).add(a.opsPerSecond() / b.opsPerSecond());
						vsLettuce.computeIfAbsent(key, (k) -> new Ratios()).add(a.opsPerSecond() / c.opsPerSecond());
						vsNoFlush.computeIfAbsent(key, (k) -> new Ratios()).add(a.opsPerSecond() / d.opsPerSecond());
						flushCost.computeIfAbsent(key, (k) -> new Ratios()).add(1 - a.opsPerSecond() / d.opsPerSecond());
						if (redisBenchmark) {
							int requests = (int) Math.max(5_000, Math.min(200_000, a.opsPerSecond()));
							RedisBenchmarkTool.requestsPerSecond(this.redis.port(), op.toLowerCase(Locale.ROOT), threads,
									requests, 1)
								.ifPresent((rps) -> vsRedisBenchmark.computeIfAbsent(key, (k) -> new Ratios())
									.add(a.opsPerSecond() / rps));
						}
						if (threads == 16) {
							metricsCost.computeIfAbsent(op, (k) -> new Ratios())
								.add(1 - a.opsPerSecond() / r.get("no-metrics").opsPerSecond());
							breakerCost.computeIfAbsent(op, (k) -> new Ratios())
								.add(1 - a.opsPerSecond() / r.get("no-breaker").opsPerSecond());
						}
						progress("round " + round + " " + key + ": starter " + (long) a.opsPerSecond() + " ops/s, stock "
								+ (long) b.opsPerSecond() + ", lettuce " + (long) c.opsPerSecond()
								+ ", starter without flush consolidation " + (long) d.opsPerSecond() + " (order "
								+ String.join(", ", r.keySet()) + ")");
					}
				}
			}
			for (String key : starterOps.keySet()) {
				target("starter ÷ stock Boot, " + key, vsStock.get(key), "%.3f", ">= 0.97", 0.97, true);
			}
			for (String key : starterOps.keySet()) {
				if (key.endsWith("× 64") || key.endsWith("× 200")) {
					target("starter ÷ stock Boot, " + key, vsStock.get(key), "%.3f", ">= 1.3", 1.3, true);
					target("starter ÷ raw Lettuce, " + key, vsLettuce.get(key), "%.3f", ">= 1.0", 1.0, true);
				}
			}
			for (String key : starterOps.keySet()) {
				if (key.endsWith("× 1")) {
					target("starter p99 ÷ stock Boot p99, " + key, p99VsStock.get(key), "%.3f", "<= 1.05", 1.05, false);
				}
			}
			for (String op : metricsCost.keySet()) {
				target("cost of metrics, " + op + " × 16", metricsCost.get(op), "%+.3f", "<= 0.03", 0.03, false);
				target("cost of the breaker (and retry for reads), " + op + " × 16", breakerCost.get(op), "%+.3f",
						"<= 0.03", 0.03, false);
			}
			for (String key : starterOps.keySet()) {
				target("cost of flush consolidation (negative = gain), " + key, flushCost.get(key), "%+.3f", "<= 0.03",
						0.03, false);
			}
			for (String key : starterOps.keySet()) {
				if (key.endsWith("× 64") && vsRedisBenchmark.containsKey(key)) {
					target("starter ÷ redis-benchmark, " + key + " (earlier target)", vsRedisBenchmark.get(key), "%.3f",
							">= 0.8", 0.8, true);
				}
			}
			StringBuilder table = new StringBuilder();
			table.append("| op × threads | starter ops/s | starter p99 µs | starter p99 ÷ stock p99 | starter ÷ stock Boot ")
				.append("| starter ÷ raw Lettuce | starter ÷ redis-benchmark | starter ÷ starter without flush consolidation |\n");
			table.append("|---|---|---|---|---|---|---|---|\n");
			for (String key : starterOps.keySet()) {
				table.append("| ").append(key).append(" | ").append(starterOps.get(key).format("%.0f"))
					.append(" | ").append(starterP99.get(key).format("%.0f"))
					.append(" | ").append(p99VsStock.get(key).format("%.2f"))
					.append(" | ").append(vsStock.get(key).format("%.2f"))
					.append(" | ").append(vsLettuce.get(key).format("%.2f"))
					.append(" | ").append(vsRedisBenchmark.getOrDefault(key, new Ratios()).format("%.2f"))
					.append(" | ").append(vsNoFlush.get(key).format("%.2f"))
					.append(" |\n");
			}
			table.append("\nCost of each feature at 16 threads (1 − starter ÷ starter-without-it; negative = noise, or for ")
				.append("flush consolidation a gain; the last column of the table above gives flush consolidation at every ")
				.append("thread count):\n\n");
			table.append("| op | metrics cost | breaker cost | flush consolidation cost |\n|---|---|---|---|\n");
			for (String op : metricsCost.keySet()) {
				table.append("| ").append(op).append(" | ").append(metricsCost.get(op).format("%+.3f"))
					.append(" | ").append(breakerCost.get(op).format("%+.3f"))
					.append(" | ").append(flushCost.get(op + " × 16").format("%+.3f")).append(" |\n");
			}
			table.append("\nVariants: starter = the starter's defaults (breaker, retry, meters and flush consolidation on); ")
				.append("starter without flush consolidation = the same with `--")
				.append(BenchmarkApplication.CONSOLIDATE_FLUSHES_PROPERTY)
				.append("=false`; ")
				.append(knowsProperty(BenchmarkApplication.CONSOLIDATE_FLUSHES_PROPERTY)
						? "the starter's configuration metadata lists this property."
						: "**the starter's configuration metadata does not list this property, so in this run the variant "
								+ "is the starter itself and its column shows noise only.**")
				.append(" Each row measures every variant once per round, in an order that rotates by one place from ")
				.append("round to round; redis-benchmark runs after them.\n");
			return table.toString();
		}
		finally {
			client.shutdown();
		}
	}

	/** One measurement of a variant. */
	@FunctionalInterface
	private interface Measurement {

		Load.Result run() throws InterruptedException;

	}

	/** Runs the measurements starting with the one at {@code offset} (modulo their number), in their order. */
	private static Map<String, Load.Result> measureRotated(Map<String, Measurement> measurements, int offset)
			throws InterruptedException {
		List<String> names = new ArrayList<>(measurements.keySet());
		java.util.Collections.rotate(names, -(offset % names.size()));
		Map<String, Load.Result> results = new LinkedHashMap<>();
		for (String name : names) {
			results.put(name, measurements.get(name).run());
		}
		return results;
	}

	/** Whether a configuration property is in the class path's Spring Boot configuration metadata. */
	private static boolean knowsProperty(String name) {
		try {
			var resources = BenchmarkMain.class.getClassLoader().getResources("META-INF/spring-configuration-metadata.json");
			while (resources.hasMoreElements()) {
				try (var in = resources.nextElement().openStream()) {
					if (new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("\"" + name + "\"")) {
						return true;
					}
				}
			}
			return false;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private void warmUp(List<StringRedisTemplate> templates, RedisCommands<String, String> lettuce)
			throws InterruptedException {
		Duration warm = this.window;
		for (StringRedisTemplate template : templates) {
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
	private String batches(StringRedisTemplate starter, RedisBatches<String, String> patterns) {
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
		target("RedisBatches.setAll ÷ redis-benchmark -P 16", patternsVsRedisBenchmark, "%.3f", ">= 0.7", 0.7, true);
		target("RedisBatches.setAll ÷ individual calls", patternsVsIndividual, "%.2f", ">= 20", 20, true);
		return "| variant | ops/s | ratio |\n|---|---|---|\n"
				+ "| patterns API `RedisBatches.setAll` (10k SET PX, chunks of 1,000 written and flushed at once) | "
				+ patternsOps.format("%.0f") + " | ÷ redis-benchmark -P 16 -c 1: " + patternsVsRedisBenchmark.format("%.2f")
				+ "; ÷ individual calls: " + patternsVsIndividual.format("%.1f") + " |\n"
				+ "| `executePipelined` through the starter (10k SET EX) | " + pipelined.format("%.0f")
				+ " | ÷ redis-benchmark -P 16 -c 1: " + vsRedisBenchmark.format("%.2f") + "; ÷ individual calls: "
				+ vsIndividual.format("%.1f") + " |\n"
				+ "| individual `opsForValue().set(k, v, ttl)` calls | " + individual.format("%.0f") + " | |\n";
	}

	// 12: batches on a cluster vs on one server.
	private String clusterBatches() {
		ClusterBatchesBenchmark.Result result = new ClusterBatchesBenchmark(this.redis, this.rounds, this::progress)
			.run();
		target("RedisBatches on a 3-master cluster ÷ on one server (10k SET PX)", result.setRatio(), "%.2f", ">= 0.7",
				0.7, true);
		return "| 10k commands, one thread | one server ops/s | cluster ops/s | cluster ÷ one server |\n|---|---|---|---|\n"
				+ "| `setAll` (SET PX) | " + result.standaloneSet().format("%.0f") + " | "
				+ result.clusterSet().format("%.0f") + " | " + result.setRatio().format("%.2f") + " |\n"
				+ "| `getAll` (GET) | " + result.standaloneGet().format("%.0f") + " | "
				+ result.clusterGet().format("%.0f") + " | " + result.getRatio().format("%.2f") + " |\n\n"
				+ "| `popLowest(100, three queues)` draining 10k members, one thread | members/s |\n|---|---|\n"
				+ "| one server (atomic, Lua) | " + result.standalonePop().format("%.0f") + " |\n"
				+ "| cluster, queues under one hash tag (atomic, Lua) | " + result.taggedPop().format("%.0f") + " |\n"
				+ "| cluster, queues in three slots (peek, merge, ZREM per member) | "
				+ result.mergedPop().format("%.0f") + " |\n"
				+ "| merged ÷ atomic on the cluster | " + result.mergedVsTagged().format("%.2f") + " |\n";
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
		Ratios refusedP99 = new Ratios();
		Ratios refusedP50 = new Ratios();
		long passed = 0;
		try (ConfigurableApplicationContext app = BenchmarkApplication.start(Variant.STARTER, this.redis.host(),
				this.redis.port(), false)) {
			StringRedisTemplate template = app.getBean(StringRedisTemplate.class);
			template.opsForValue().get("bench:get");
			Breakers.of(app)
				.map(Breakers.Found::breaker)
				.orElseGet(() -> app.getBean(CircuitBreakerRegistry.class).circuitBreaker("redis"))
				.transitionToForcedOpenState();
			for (int i = 0; i < FAIL_FAST_WARM_UP; i++) {
				try {
					template.opsForValue().get("bench:get");
				}
				catch (RuntimeException expected) {
					// warm-up
				}
			}
			for (int round = 1; round <= this.rounds; round++) {
				Histogram thisRound = new Histogram(3_600_000_000_000L, 2);
				for (int i = 0; i < FAIL_FAST_CALLS_PER_ROUND; i++) {
					long start = System.nanoTime();
					try {
						template.opsForValue().get("bench:get");
						passed++;
					}
					catch (RuntimeException expected) {
						thisRound.recordValue(System.nanoTime() - start);
					}
				}
				refused.add(thisRound);
				refusedP99.add(thisRound.getValueAtPercentile(99) / 1e3);
				refusedP50.add(thisRound.getValueAtPercentile(50) / 1e3);
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
		progress("fail-fast measured: refused p99 " + refusedP99.format("%.1f") + " µs per round, " + passed
				+ " calls not refused");
		target("p99 of a call refused by the open breaker (µs)", refusedP99, "%.1f", "<= 50", 50, false);
		return "| call | calls | p50 | p99 |\n|---|---|---|---|\n"
				+ String.format(Locale.ROOT, "| refused by the open breaker (per round: median (min–max) of %d rounds of %d calls) | %d | %s µs | %s µs |%n",
						this.rounds, FAIL_FAST_CALLS_PER_ROUND, refused.getTotalCount(), refusedP50.format("%.1f"),
						refusedP99.format("%.1f"))
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
				// The load runs until the breaker is closed again (it used to run a fixed 30 s per round).
				Load.Running load = Load.start(8, () -> template.opsForValue().get("bench:get"));
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
				load.stop();
				progress("outage round " + round);
			}
		}
		target("Redis back → breaker CLOSED (ms)", toClosed, "%.0f", "<= 2000", 2000, false);
		return "| transition | time (ms) |\n|---|---|\n" + "| Redis killed → breaker OPEN (8 threads of GET) | "
				+ toOpen.format("%.0f") + " |\n" + "| Redis back (accepting connections) → breaker CLOSED | "
				+ toClosed.format("%.0f") + " |\n";
	}

	// 10: connections dropped by the server (CLIENT KILL) under load, Redis itself up.
	private String dropped() throws Exception {
		List<DisruptionBenchmark.Dropped> rounds = new ArrayList<>();
		for (int round = 1; round <= this.rounds; round++) {
			int number = round;
			DisruptionBenchmark.Dropped r = DisruptionBenchmark.dropped(this.redis,
					(line) -> progress("dropped round " + number + ": " + line));
			rounds.add(r);
			progress("dropped round " + round + ": " + r.readsFailed() + " of " + r.reads() + " GETs ("
					+ r.readsRefused() + " refused by the breaker) and " + r.writesFailed() + " of " + r.writes()
					+ " SETs (" + r.writesRefused() + " refused) failed, " + r.connectionsKilled()
					+ " connections killed, breaker opened " + r.breakerOpened() + " times, " + r.endState()
					+ " at the end, slowest GET " + String.format(Locale.ROOT, "%.1f", r.slowestReadMillis())
					+ " ms; failures " + r.failures());
		}
		StringBuilder table = new StringBuilder("| per round (median, spread over the rounds) | |\n|---|---|\n");
		row(table, "GET calls (safe reads)", rounds, "%.0f", DisruptionBenchmark.Dropped::reads);
		row(table, "**GETs failed**", rounds, "%.0f", DisruptionBenchmark.Dropped::readsFailed);
		row(table, "… of which refused by the open breaker", rounds, "%.0f", DisruptionBenchmark.Dropped::readsRefused);
		row(table, "SET calls (writes)", rounds, "%.0f", DisruptionBenchmark.Dropped::writes);
		row(table, "SETs failed", rounds, "%.0f", DisruptionBenchmark.Dropped::writesFailed);
		row(table, "… of which refused by the open breaker", rounds, "%.0f", DisruptionBenchmark.Dropped::writesRefused);
		row(table, "connections the server reported killed, " + DisruptionBenchmark.KILLS + " kills together", rounds,
				"%.0f", DisruptionBenchmark.Dropped::connectionsKilled);
		row(table, "breaker transitions to OPEN", rounds, "%.0f", DisruptionBenchmark.Dropped::breakerOpened);
		row(table, "slowest GET, ms", rounds, "%.1f", DisruptionBenchmark.Dropped::slowestReadMillis);
		long closed = rounds.stream().filter((r) -> "CLOSED".equals(r.endState())).count();
		table.append("| **breaker state when the load stopped** | ")
			.append(states(rounds.stream().map(DisruptionBenchmark.Dropped::endState).toList()))
			.append(" |\n");
		Map<String, Long> failures = new java.util.TreeMap<>();
		rounds.forEach((r) -> r.failures().forEach((kind, n) -> failures.merge(kind, n, Long::sum)));
		table.append("\nWhat the callers saw, all rounds together: ").append(failureList(failures)).append("\n\n");
		long failedReads = rounds.stream().mapToLong(DisruptionBenchmark.Dropped::readsFailed).sum();
		targetRow("dropped connections: GETs failed, all rounds together", failedReads + " of "
				+ rounds.stream().mapToLong(DisruptionBenchmark.Dropped::reads).sum(), "0", failedReads == 0);
		targetRow("dropped connections: breaker CLOSED when the load stopped", closed + " of " + rounds.size()
				+ " rounds", "every round", closed == rounds.size());
		table.append("Method: each round starts a fresh application with the starter's defaults on the harness's server ")
			.append("(breaker state read from ")
			.append(rounds.isEmpty() ? "–" : rounds.get(0).breakerSource())
			.append("). ")
			.append(DisruptionBenchmark.DROP_THREADS)
			.append(" threads each call its own key through the application's `StringRedisTemplate`: every ")
			.append(DisruptionBenchmark.WRITE_EVERY)
			.append("th call a SET, the others GETs (a safe read, retried on outages), with a ")
			.append(DisruptionBenchmark.PACE.toMillis())
			.append(" ms pause between calls. From a separate raw Lettuce connection `CLIENT KILL TYPE normal SKIPME yes` ")
			.append("is sent ")
			.append(DisruptionBenchmark.KILLS)
			.append(" times, ")
			.append(DisruptionBenchmark.KILL_INTERVAL.toMillis())
			.append(" ms apart, the first ")
			.append(DisruptionBenchmark.KILL_INTERVAL.toMillis())
			.append(" ms after the load started; the load stops ")
			.append(DisruptionBenchmark.KILL_INTERVAL.toMillis())
			.append(" ms after the last kill, and the breaker's state is read then. Redis itself stays up. Calls are ")
			.append("counted when they end; calls in flight at a kill are among them. While the breaker is open a refused call ")
			.append("returns in microseconds, so the number of failures follows the pace of the load. Issue 12 describes the same test ")
			.append("with 8 kills 2 s apart; this harness uses fewer to keep the whole run short.\n");
		return table.toString();
	}

	// 11: the server paused (SIGSTOP) under load: how long can one call take?
	private String paused() throws Exception {
		List<DisruptionBenchmark.Paused> rounds = new ArrayList<>();
		for (int round = 1; round <= this.rounds; round++) {
			int number = round;
			DisruptionBenchmark.Paused r = DisruptionBenchmark.paused(this.redis,
					(line) -> progress("paused round " + number + ": " + line));
			rounds.add(r);
			progress("paused round " + round + ": paused " + String.format(Locale.ROOT, "%.0f", r.pausedMillis())
					+ " ms, " + r.failed() + " of " + r.calls() + " GETs failed, slowest "
					+ String.format(Locale.ROOT, "%.0f", r.worstMillis()) + " ms, " + r.overBudget()
					+ " over budget, breaker opened " + r.breakerOpened() + " times, " + r.endState()
					+ " at the end; failures " + r.failures());
		}
		double timeout = DisruptionBenchmark.PAUSE_COMMAND_TIMEOUT.toMillis();
		double budget = timeout * DisruptionBenchmark.BUDGET_FACTOR;
		StringBuilder table = new StringBuilder("| per round (median, spread over the rounds) | |\n|---|---|\n");
		row(table, "server stopped (SIGSTOP → SIGCONT), ms", rounds, "%.0f", DisruptionBenchmark.Paused::pausedMillis);
		row(table, "GET calls", rounds, "%.0f", DisruptionBenchmark.Paused::calls);
		row(table, "GETs failed", rounds, "%.0f", DisruptionBenchmark.Paused::failed);
		row(table, "… of which refused by the open breaker", rounds, "%.0f", DisruptionBenchmark.Paused::refused);
		row(table, "**slowest single call, ms**", rounds, "%.0f", DisruptionBenchmark.Paused::worstMillis);
		row(table, "slowest single call ÷ command-timeout", rounds, "%.2f", (r) -> r.worstMillis() / timeout);
		row(table, String.format(Locale.ROOT, "**calls slower than %.1f × command-timeout (%.0f ms)**",
				DisruptionBenchmark.BUDGET_FACTOR, budget), rounds, "%.0f", DisruptionBenchmark.Paused::overBudget);
		row(table, "breaker transitions to OPEN", rounds, "%.0f", DisruptionBenchmark.Paused::breakerOpened);
		table.append("| breaker state when the load stopped | ")
			.append(states(rounds.stream().map(DisruptionBenchmark.Paused::endState).toList()))
			.append(" |\n");
		Map<String, Long> failures = new java.util.TreeMap<>();
		rounds.forEach((r) -> r.failures().forEach((kind, n) -> failures.merge(kind, n, Long::sum)));
		table.append("\nWhat the callers saw, all rounds together: ").append(failureList(failures)).append("\n\n");
		long over = rounds.stream().mapToLong(DisruptionBenchmark.Paused::overBudget).sum();
		double worst = rounds.stream().mapToDouble(DisruptionBenchmark.Paused::worstMillis).max().orElse(Double.NaN);
		targetRow(String.format(Locale.ROOT,
				"paused server: calls slower than %.1f × command-timeout, all rounds together (slowest of all, ms)",
				DisruptionBenchmark.BUDGET_FACTOR),
				over + String.format(Locale.ROOT, " (%.0f)", worst), "0", over == 0);
		table.append("Method: each round starts a fresh application with the starter's defaults and `tradingboost.redis.command-timeout=")
			.append(DisruptionBenchmark.PAUSE_COMMAND_TIMEOUT.toMillis())
			.append("ms` on the harness's server. ")
			.append(DisruptionBenchmark.PAUSE_THREADS)
			.append(" threads GET a key of their own through the application's `StringRedisTemplate`, ")
			.append(DisruptionBenchmark.PACE.toMillis())
			.append(" ms apart. After ")
			.append(DisruptionBenchmark.AROUND_PAUSE.toMillis())
			.append(" ms the server is stopped with SIGSTOP (the fixture's `pause()`) for ")
			.append(DisruptionBenchmark.PAUSE.toMillis())
			.append(" ms, then continued with SIGCONT; the load goes on for ")
			.append(DisruptionBenchmark.AROUND_PAUSE.toMillis())
			.append(" ms more, and the calls still in flight are waited for. Every call is timed from the caller's side, ")
			.append("failed or not (retries included).\n");
		return table.toString();
	}

	private static <T> void row(StringBuilder table, String name, List<T> rounds, String format,
			java.util.function.ToDoubleFunction<T> value) {
		Ratios values = new Ratios();
		rounds.stream().mapToDouble(value).forEach(values::add);
		table.append("| ").append(name).append(" | ").append(values.format(format)).append(" |\n");
	}

	/** {@code "CLOSED in 4 of 5 rounds, OPEN in 1"}. */
	private static String states(List<String> states) {
		Map<String, Long> counted = new java.util.TreeMap<>();
		states.forEach((state) -> counted.merge(state, 1L, Long::sum));
		List<String> parts = new ArrayList<>();
		counted.forEach((state, n) -> parts.add(state + " in " + n + " of " + states.size() + " rounds"));
		return String.join(", ", parts);
	}

	private static String failureList(Map<String, Long> failures) {
		if (failures.isEmpty()) {
			return "no call failed.";
		}
		StringBuilder list = new StringBuilder();
		failures.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.forEach((entry) -> list.append(entry.getValue()).append(" × `").append(entry.getKey()).append("`; "));
		list.setLength(list.length() - 2);
		return list.append('.').toString();
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
		int rounds = Math.min(this.rounds, STARTUP_ROUNDS_MAX);
		for (int round = 1; round <= rounds; round++) {
			for (boolean up : List.of(true, false)) {
				int port = up ? this.redis.port() : closedPort;
				boolean starterFirst = round % 2 == 1;
				long starter = starterFirst ? startupMillis(Variant.STARTER, port) : 0;
				long stock = startupMillis(Variant.STOCK_BOOT, port);
				if (!starterFirst) {
					starter = startupMillis(Variant.STARTER, port);
				}
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
		table.append("\n").append(rounds).append(" rounds (at most ").append(STARTUP_ROUNDS_MAX)
			.append(", fewer than the other sections: four fresh JVMs per round are the slowest part of the run), ")
			.append("the starter first in odd rounds and stock Boot first in even ones.\n");
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
			.append("interleaved round by round (starter, stock Boot, raw Lettuce, the starter without one of its features, then ")
			.append("redis-benchmark; the order of the JVM variants rotates by one place each round), ").append(this.rounds)
			.append(" rounds of ").append(this.window.toMillis()).append(" ms windows after a warm-up.\n")
			.append("- Every figure is the median over the rounds with the spread (min–max) in brackets. Ratios are taken within a round, ")
			.append("so they compare variants measured seconds apart. Client and server share the same 2 cores: treat differences under ~10 % as noise.\n")
			.append("- starter = `StringRedisTemplate` on the starter's factory with circuit breaker and meters on; stock Boot = Spring Boot's own ")
			.append("auto-configured `StringRedisTemplate` (pooled `LettuceConnectionFactory`); raw Lettuce = one shared `StatefulRedisConnection`, sync API; ")
			.append("redis-benchmark = `redis-benchmark -c <threads> -d 64 -t get|set` against the same server. Values are 64 bytes.\n")
			.append("- Targets are those of issue 12 (items 4, 5 and 7) unless marked otherwise; each row of the Reading table is ")
			.append("marked met or missed from the medians of this run (counts that must be zero: from all rounds together).\n")
			.append("- Shortened to keep a 5-round run of every section near 10 minutes on this 2-core machine: the start-up section ")
			.append("runs at most ").append(STARTUP_ROUNDS_MAX).append(" rounds; the outage section's load stops as soon as the ")
			.append("breaker is closed again; the dropped-connection test kills the connections ").append(DisruptionBenchmark.KILLS)
			.append(" times, ").append(DisruptionBenchmark.KILL_INTERVAL.toMillis()).append(" ms apart (issue 12: 8 times, 2 s apart); ")
			.append("the paused-server test stops the server for ").append(DisruptionBenchmark.PAUSE.toMillis()).append(" ms.\n")
			.append("- Time per section in this run: ").append(sectionTimes()).append(".\n\n")
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
				"\nTargets: starter ≥ 0.97× stock Boot in every row; at 64 and 200 threads ≥ 1.3× stock Boot and ≥ 1.0× raw "
						+ "Lettuce; p99 at 1 thread ≤ 1.05× stock Boot's; each feature (metrics, breaker, flush consolidation) "
						+ "costs ≤ 3 %; (earlier target) at 64 threads ≥ 0.8× redis-benchmark.\n\n");
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
		section(sections, "dropped", "## 10. Dropped connections\n\n",
				"\nTarget: 0 failed safe reads and the breaker closed at the end; writes in flight on a dropped connection "
						+ "may fail, with an exception that says they may or may not have run.\n\n");
		section(sections, "paused", "## 11. Paused server\n\n",
				"\nTarget: no call waits much more than `command-timeout` in total (counted: calls over 1.5 × "
						+ "command-timeout).\n\n");
		section(sections, "cluster-batches", "## 12. Batches and queue pops on a cluster\n\n",
				"\nThe cluster is three masters and three replicas on this machine (`RedisServers.startCluster()`), "
						+ "the one server the same `redis-server`; a chunk goes out as one write per master.\n\n");
		section(sections, "nearcache", "## 13. Near cache\n\n", "\n");
		this.report
			.append("## Reading\n\n")
			.append("Each target of the benchmark issue against the median of this run (spread in brackets). A target counts as met on the median; ")
			.append("with client and server sharing 2 cores, a miss within the spread is not conclusive, a miss outside it is.\n\n")
			.append("| target | measured | goal | |\n|---|---|---|---|\n").append(String.join("\n", this.targets)).append("\n\n")
			.append("What the rows mean: the fail-fast, outage, probe, failover, dropped-connection and paused-server rows test the ")
			.append("design (refusals never touch Redis, recovery is driven by the health probe, probes only read a snapshot, a ")
			.append("failover costs failed calls but never a write reported as successful, a dropped connection is ridden out, no ")
			.append("call waits much longer than the command timeout). The throughput and cost rows measure what ")
			.append("the starter's command path (the circuit breaker, the retry of safe reads, the command timer, flush ")
			.append("consolidation) adds or saves per command on a CPU-bound loopback setup, where every microsecond of client CPU is taken from the server; ")
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

	/** A target row whose measured value is not a median over rounds, such as a count over all rounds. */
	private void targetRow(String name, String measured, String goal, boolean met) {
		this.targets.add("| " + name + " | " + measured + " | " + goal + " | " + (met ? "met" : "**missed**") + " |");
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

	private String sectionTimes() {
		List<String> parts = new ArrayList<>();
		this.sectionTimes.forEach((name, took) -> parts.add(name + " " + took.toSeconds() + " s"));
		return parts.isEmpty() ? "–" : String.join(", ", parts);
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
