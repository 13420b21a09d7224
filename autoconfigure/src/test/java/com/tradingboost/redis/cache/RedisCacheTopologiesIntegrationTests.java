package com.tradingboost.redis.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.tradingboost.redis.testsupport.DedicatedRedisServer;
import com.tradingboost.redis.testsupport.RedisClusterServers;
import com.tradingboost.redis.testsupport.RedisSentinelSet;
import com.tradingboost.redis.testsupport.RedisServer;
import com.tradingboost.redis.testsupport.RedisServerExtension;
import com.tradingboost.redis.testsupport.RedisServers;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Cache on one server, through Sentinel and on a cluster: every application writes under a key prefix of its
 * own, so the shared Sentinel set and cluster are never flushed.
 */
@ExtendWith(RedisServerExtension.class)
class RedisCacheTopologiesIntegrationTests {

	enum Topology {

		STANDALONE, SENTINEL, CLUSTER

	}

	private static final Map<Topology, ConfigurableApplicationContext> applications = new EnumMap<>(Topology.class);

	private static final Map<Topology, String> prefixes = new EnumMap<>(Topology.class);

	private static RedisServer standalone;

	private static RedisSentinelSet sentinels;

	private static RedisClusterServers cluster;

	@BeforeAll
	static void start(@DedicatedRedisServer RedisServer server, RedisSentinelSet sharedSentinels,
			RedisClusterServers sharedCluster) {
		standalone = server;
		sentinels = sharedSentinels;
		cluster = sharedCluster;
		for (Topology topology : Topology.values()) {
			String prefix = "t-" + UUID.randomUUID().toString().substring(0, 8) + ":";
			prefixes.put(topology, prefix);
			applications.put(topology, start(connection(topology, standalone, sentinels, cluster),
					"--tradingboost.redis.cache.key-prefix=" + prefix, "--tradingboost.redis.cache.ttl.prices=1h",
					"--tradingboost.redis.cache.clear-batch-size=100"));
		}
	}

	@AfterAll
	static void stop() {
		applications.values().forEach(ConfigurableApplicationContext::close);
		applications.clear();
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void noEntryLivesForeverAndEachCacheGetsItsOwnTtl(Topology topology) {
		Calculator calculator = applications.get(topology).getBean(Calculator.class);
		calculator.plain("ttl");
		calculator.price("BTC");
		String plain = prefixes.get(topology) + "plain::ttl";
		String price = prefixes.get(topology) + "prices::BTC";
		assertThat((Long) serverFor(topology, plain).execute("TTL", plain)).isBetween(1790L, 1800L);
		assertThat((Long) serverFor(topology, price).execute("TTL", price)).isBetween(3590L, 3600L);
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void getPutAndEvictGoToTheMasterOfEachKey(Topology topology) {
		Cache cache = applications.get(topology).getBean(CacheManager.class).getCache("plain");
		Calculator calculator = applications.get(topology).getBean(Calculator.class);
		String first = calculator.plain("cached");
		assertThat(calculator.plain("cached")).isEqualTo(first);
		cache.put("put", "a value");
		String key = prefixes.get(topology) + "plain::put";
		assertThat(serverFor(topology, key).execute("EXISTS", key)).isEqualTo(1L);
		assertThat(cache.get("put", String.class)).isEqualTo("a value");
		assertThat(cache.evictIfPresent("put")).isTrue();
		assertThat(cache.get("put")).isNull();
		assertThat(serverFor(topology, key).execute("EXISTS", key)).isEqualTo(0L);
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void clearRemovesEveryEntryOfTheCacheOnEveryMasterAndNothingElse(Topology topology) {
		ConfigurableApplicationContext application = applications.get(topology);
		Calculator calculator = application.getBean(Calculator.class);
		String prefix = prefixes.get(topology);
		for (int i = 0; i < 1200; i++) {
			calculator.plain("k" + i);
		}
		String cached = calculator.plain("k0");
		for (int i = 0; i < 10; i++) {
			calculator.price("P" + i);
		}
		String lookalike = prefix + "plain:k1";
		serverFor(topology, lookalike).execute("SET", lookalike, "x", "EX", "600");
		List<Set<String>> before = perMaster(topology, prefix + "plain::*");
		assertThat(before).hasSize((topology == Topology.CLUSTER) ? 3 : 1)
			.allSatisfy((keys) -> assertThat(keys).hasSizeGreaterThan(100));
		List<Long> scansBefore = calls(topology, "scan");
		List<Long> keysBefore = calls(topology, "keys");
		application.getBean(CacheManager.class).getCache("plain").clear();
		assertThat(all(topology, prefix + "plain::*")).isEmpty();
		assertThat(all(topology, prefix + "prices::P*")).hasSize(10);
		List<Long> scansAfter = calls(topology, "scan");
		for (int i = 0; i < scansAfter.size(); i++) {
			assertThat(scansAfter.get(i)).as("SCAN calls on master %d", i).isGreaterThan(scansBefore.get(i));
		}
		assertThat(calls(topology, "keys")).isEqualTo(keysBefore);
		assertThat(serverFor(topology, lookalike).execute("EXISTS", lookalike)).isEqualTo(1L);
		assertThat(calculator.plain("k0")).as("computed again").isNotEqualTo(cached);
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void cachedMethodsKeepWorkingWhileTheBreakerRefusesCalls(Topology topology) {
		ConfigurableApplicationContext application = applications.get(topology);
		Calculator calculator = application.getBean(Calculator.class);
		String first = calculator.plain("refused");
		List<CircuitBreaker> breakers = new ArrayList<>(
				application.getBean(CircuitBreakerRegistry.class).getAllCircuitBreakers());
		try {
			breakers.forEach(CircuitBreaker::transitionToForcedOpenState);
			String whileRefused = calculator.plain("refused");
			assertThat(whileRefused).isNotEqualTo(first);
			assertThat(calculator.plain("refused")).isNotEqualTo(whileRefused);
		}
		finally {
			breakers.forEach(CircuitBreaker::transitionToClosedState);
		}
		assertThat(calculator.plain("refused")).as("served from Redis again").isEqualTo(first);
	}

	/**
	 * Standalone uses this class's own server; Sentinel and Cluster start a topology of their own, so the shared ones
	 * are never broken: with every data node killed, cached methods still run, and Redis is used again after a
	 * restart (standalone) or not at all (the others, whose nodes stay down until the topology is closed).
	 */
	@ParameterizedTest
	@EnumSource(Topology.class)
	void cachedMethodsKeepWorkingWhileRedisIsDown(Topology topology) {
		try (Own own = Own.of(topology)) {
			try (ConfigurableApplicationContext application = start(own.arguments,
					"--tradingboost.redis.command-timeout=500ms")) {
				Calculator calculator = application.getBean(Calculator.class);
				assertThat(calculator.plain("a")).isEqualTo("plain-a-1");
				assertThat(calculator.plain("a")).as("served from Redis").isEqualTo("plain-a-1");
				own.dataNodes.forEach(RedisServer::kill);
				assertThat(calculator.plain("a")).as("computed while Redis is down").isEqualTo("plain-a-2");
				assertThat(calculator.plain("a")).isEqualTo("plain-a-3");
				calculator.clearPlain();
				if (topology == Topology.STANDALONE) {
					standalone.start();
					Awaitility.await()
						.atMost(Duration.ofSeconds(15))
						.until(() -> calculator.plain("b").equals(calculator.plain("b")));
					assertThat(standalone.execute("EXISTS", "plain::b")).isEqualTo(1L);
				}
			}
		}
	}

	private static ConfigurableApplicationContext start(List<String> connection, String... args) {
		List<String> all = new ArrayList<>(connection);
		all.add("--spring.main.banner-mode=off");
		all.addAll(List.of(args));
		return new SpringApplicationBuilder(CacheTopologyApplication.class).web(WebApplicationType.NONE)
			.run(all.toArray(String[]::new));
	}

	private static List<String> connection(Topology topology, RedisServer server, RedisSentinelSet sentinelSet,
			RedisClusterServers clusterServers) {
		return switch (topology) {
			case STANDALONE -> List.of("--tradingboost.redis.host=" + server.host(),
					"--tradingboost.redis.port=" + server.port());
			case SENTINEL -> List.of("--tradingboost.redis.sentinel.master=" + sentinelSet.masterName(),
					"--tradingboost.redis.sentinel.nodes=" + String.join(",", sentinelSet.sentinelEndpoints()));
			case CLUSTER -> List.of(
					"--tradingboost.redis.cluster.nodes=" + String.join(",", clusterServers.seedEndpoints()));
		};
	}

	private static RedisServer serverFor(Topology topology, String key) {
		return switch (topology) {
			case STANDALONE -> standalone;
			case SENTINEL -> sentinels.currentMaster();
			case CLUSTER -> cluster.masterForKey(key);
		};
	}

	private static List<Set<String>> perMaster(Topology topology, String pattern) {
		return masters(topology).stream().map((master) -> master.keys(pattern)).toList();
	}

	private static List<Long> calls(Topology topology, String command) {
		return masters(topology).stream().map((master) -> {
			String stats = (String) master.execute("INFO", "commandstats");
			return stats.lines()
				.filter((line) -> line.startsWith("cmdstat_" + command + ":"))
				.map((line) -> Long.parseLong(line.substring(line.indexOf("calls=") + 6, line.indexOf(','))))
				.findFirst()
				.orElse(0L);
		}).toList();
	}

	private static List<? extends RedisServer> masters(Topology topology) {
		return switch (topology) {
			case STANDALONE -> List.of(standalone);
			case SENTINEL -> List.of(sentinels.currentMaster());
			case CLUSTER -> cluster.masters();
		};
	}

	private static Set<String> all(Topology topology, String pattern) {
		Set<String> all = new HashSet<>();
		perMaster(topology, pattern).forEach(all::addAll);
		return all;
	}

	/** A topology a test may break: this class's own server, or a Sentinel set or cluster of the test's own. */
	private record Own(List<String> arguments, List<? extends RedisServer> dataNodes,
			AutoCloseable topology) implements AutoCloseable {

		static Own of(Topology topology) {
			return switch (topology) {
				case STANDALONE -> new Own(connection(topology, standalone, sentinels, cluster), List.of(standalone),
						standalone::restore);
				case SENTINEL -> {
					RedisSentinelSet set = RedisServers.startSentinelSet();
					yield new Own(connection(topology, standalone, set, cluster), List.of(set.master(), set.replica()),
							set);
				}
				case CLUSTER -> {
					RedisClusterServers nodes = RedisServers.startCluster();
					yield new Own(connection(topology, standalone, sentinels, nodes), nodes.nodes(), nodes);
				}
			};
		}

		@Override
		public void close() {
			try {
				this.topology.close();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableCaching
	static class CacheTopologyApplication {

		@Bean
		Calculator calculator() {
			return new Calculator();
		}

	}

	static class Calculator {

		private final AtomicInteger calls = new AtomicInteger();

		@Cacheable("plain")
		public String plain(String key) {
			return "plain-" + key + "-" + this.calls.incrementAndGet();
		}

		@CacheEvict(cacheNames = "plain", allEntries = true)
		public void clearPlain() {
		}

		@Cacheable("prices")
		public String price(String symbol) {
			return symbol + "@" + this.calls.incrementAndGet();
		}

	}

}
