package com.tradingboost.redis.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;
import com.tradingboost.redis.testsupport.LocalRedisServer;
import com.tradingboost.redis.testsupport.RedisClusterServers;
import com.tradingboost.redis.testsupport.RedisServer;
import com.tradingboost.redis.testsupport.RedisServers;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.JacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RedisKeyScannerIntegrationTests extends TopologyIntegrationTests {

	@ParameterizedTest
	@EnumSource(Topology.class)
	void scanReturnsEachKeyOfEveryMasterExactlyOnce(Topology topology) {
		String prefix = TopologyApplications.prefix();
		Map<String, String> values = new LinkedHashMap<>();
		for (int i = 0; i < 30_000; i++) {
			values.put(prefix + "user:" + i, "x");
		}
		values.put(prefix + "other:1", "x");
		write(topology, values, Duration.ofMinutes(10));
		List<Set<String>> perMaster = keysPerMaster(topology, prefix + "user:*");
		assertThat(perMaster).hasSize((topology == Topology.CLUSTER) ? 3 : 1).allSatisfy((keys) -> assertThat(keys)
			.hasSizeGreaterThan((topology == Topology.CLUSTER) ? 9_000 : 29_999));
		List<String> seen = new ArrayList<>();
		scanner(topology).scan(prefix + "user:*", 1000, Long.MAX_VALUE).forEach(seen::add);
		assertThat(seen).hasSize(30_000).doesNotHaveDuplicates().doesNotContain(prefix + "other:1");
		assertThat(new HashSet<>(seen)).isEqualTo(union(perMaster));
		try (Stream<String> limited = scanner(topology).scan(prefix + "user:*", 100, 250)) {
			assertThat(limited.count()).isEqualTo(250);
		}
		assertThat(scanner(topology).deleteByPattern(prefix + "*", 1000)).isEqualTo(30_001);
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void deleteByPatternRemovesOnlyTheMatchingKeysOnEveryMaster(Topology topology) {
		String prefix = TopologyApplications.prefix();
		Map<String, String> values = new LinkedHashMap<>();
		for (int i = 0; i < 3000; i++) {
			values.put(prefix + "session:" + i, "x");
		}
		for (int i = 0; i < 30; i++) {
			values.put(prefix + "keep:" + i, "x");
		}
		write(topology, values, Duration.ofMinutes(10));
		assertThat(keysPerMaster(topology, prefix + "session:*")).allSatisfy((keys) -> assertThat(keys).isNotEmpty());
		assertThat(scanner(topology).deleteByPattern(prefix + "session:*", 500)).isEqualTo(3000);
		assertThat(union(keysPerMaster(topology, prefix + "session:*"))).isEmpty();
		assertThat(union(keysPerMaster(topology, prefix + "*"))).hasSize(30).allMatch((key) -> key.contains(":keep:"));
		assertThat(scanner(topology).deleteByPattern(prefix + "session:*", 500)).isZero();
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void aStreamThatIsNeverClosedHoldsNoConnection(Topology topology) {
		String prefix = TopologyApplications.prefix();
		write(topology, numbered(prefix + "k:", 500), Duration.ofMinutes(10));
		TradingBoostLettuceConnectionFactory factory = applications.bean(topology,
				TradingBoostLettuceConnectionFactory.class);
		Iterator<String> abandoned = scanner(topology).scan(prefix + "k:*", 100, Long.MAX_VALUE).iterator();
		assertThat(abandoned.next()).startsWith(prefix);
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(factory.getConnectionsInUse()).isZero());
		scanner(topology).deleteByPattern(prefix + "*", 500);
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void aStreamThatIsNeverClosedDoesNotDelayShutdown(Topology topology) {
		String prefix = TopologyApplications.prefix();
		write(topology, numbered(prefix + "k:", 500), Duration.ofMinutes(10));
		ConfigurableApplicationContext another = applications.startAnother(topology,
				"--tradingboost.redis.shutdown-timeout=20s");
		RedisKeyScanner<String> scanner = another.getBean(RedisKeyScanner.class);
		Iterator<String> abandoned = scanner.scan(prefix + "k:*", 100, Long.MAX_VALUE).iterator();
		assertThat(abandoned.next()).startsWith(prefix);
		long started = System.nanoTime();
		another.close();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
		scanner(topology).deleteByPattern(prefix + "*", 500);
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void theReactiveScanEmitsEveryKeyOnceAndDeletesOnlyWhenSubscribed(Topology topology) {
		String prefix = TopologyApplications.prefix();
		write(topology, numbered(prefix + "r:", 2000), Duration.ofMinutes(10));
		write(topology, Map.of(prefix + "other", "x"), Duration.ofMinutes(10));
		RedisKeyScanner.Reactive<String> reactive = scanner(topology).reactive();
		List<String> keys = reactive.scan(prefix + "r:*", 300).collectList().block(Duration.ofSeconds(30));
		assertThat(keys).hasSize(2000).doesNotHaveDuplicates().allMatch((key) -> key.startsWith(prefix + "r:"));
		assertThat(reactive.scan(prefix + "r:*", 300).take(10).collectList().block(Duration.ofSeconds(10)))
			.hasSize(10);
		Mono<Long> delete = reactive.deleteByPattern(prefix + "r:*", 250);
		assertThat(union(keysPerMaster(topology, prefix + "r:*"))).hasSize(2000);
		assertThat(delete.block(Duration.ofSeconds(30))).isEqualTo(2000);
		assertThat(union(keysPerMaster(topology, prefix + "*"))).containsExactly(prefix + "other");
		assertThat(reactive.deleteByPattern(prefix + "*", 250).block(Duration.ofSeconds(10))).isEqualTo(1);
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void anApplicationsJsonTemplateScansAndDeletesItsOwnKeys(Topology topology) {
		String prefix = TopologyApplications.prefix();
		RedisTemplate<String, Price> prices = new RedisTemplate<>();
		prices.setConnectionFactory(applications.bean(topology, TradingBoostLettuceConnectionFactory.class));
		prices.setKeySerializer(RedisSerializer.string());
		prices.setValueSerializer(new JacksonJsonRedisSerializer<>(Price.class));
		prices.afterPropertiesSet();
		for (int i = 0; i < 50; i++) {
			prices.opsForValue().set(prefix + "price:" + i, new Price("SYM" + i, i * 1.5), Duration.ofMinutes(10));
		}
		RedisKeyScanner<String> scanner = scanner(topology).using(prices);
		List<String> keys = scanner.scan(prefix + "price:*", 20, Long.MAX_VALUE).toList();
		assertThat(keys).hasSize(50).doesNotHaveDuplicates();
		assertThat(prices.opsForValue().get(prefix + "price:7")).isEqualTo(new Price("SYM7", 10.5));
		assertThat(scanner.deleteByPattern(prefix + "price:*", 20)).isEqualTo(50);
		assertThat(prices.opsForValue().get(prefix + "price:7")).isNull();
	}

	@Test
	void pagesAreReadAsTheyAreConsumed() {
		RedisServer server = applications.standalone();
		String prefix = TopologyApplications.prefix();
		write(Topology.STANDALONE, numbered(prefix + "lazy:", 1000), Duration.ofMinutes(10));
		RedisKeyScanner<String> scanner = scanner(Topology.STANDALONE);
		server.execute("CONFIG", "RESETSTAT");
		assertThat(scanner.scan(prefix + "lazy:*", 50, Long.MAX_VALUE).count()).isEqualTo(1000);
		long fullScan = scanCalls(server);
		assertThat(fullScan).isGreaterThanOrEqualTo(20);
		server.execute("CONFIG", "RESETSTAT");
		Iterator<String> keys = scanner.scan(prefix + "lazy:*", 50, Long.MAX_VALUE).iterator();
		Flux<String> flux = scanner.reactive().scan(prefix + "lazy:*", 50);
		Mono<Long> delete = scanner.reactive().deleteByPattern(prefix + "lazy:*", 50);
		assertThat(scanCalls(server)).isZero();
		keys.next();
		assertThat(scanCalls(server)).isBetween(1L, fullScan / 4);
		server.execute("CONFIG", "RESETSTAT");
		assertThat(flux.take(5).collectList().block(Duration.ofSeconds(10))).hasSize(5);
		assertThat(scanCalls(server)).isBetween(1L, fullScan / 4);
		assertThat(delete.block(Duration.ofSeconds(10))).isEqualTo(1000);
	}

	/**
	 * A slot migrates between two masters while a scan runs, on a cluster of the test's own: the scan completes,
	 * every key outside the slot comes exactly once, a key of the slot at most twice, and a delete run afterwards
	 * removes everything.
	 */
	@Test
	void aScanCompletesWhileASlotMigrates() {
		try (RedisClusterServers own = RedisServers.startCluster();
				ConfigurableApplicationContext application = new SpringApplicationBuilder(
						TopologyApplications.TopologyTestApplication.class)
					.web(WebApplicationType.NONE)
					.run("--tradingboost.redis.cluster.nodes=" + String.join(",", own.seedEndpoints()),
							"--spring.main.banner-mode=off")) {
			RedisKeyScanner<String> scanner = application.getBean(RedisKeyScanner.class);
			Map<String, String> values = numbered("k:", 3000);
			values.putAll(numbered("{migrating}:", 300));
			TopologyKeys.write(application.getBean(TradingBoostLettuceConnectionFactory.class), values,
					Duration.ofMinutes(10));
			int slot = own.slotOf("{migrating}");
			LocalRedisServer source = own.masterForSlot(slot);
			LocalRedisServer target = own.masters().stream().filter((master) -> !master.equals(source)).findFirst()
				.orElseThrow();
			Iterator<String> keys = scanner.scan("*", 50, Long.MAX_VALUE).iterator();
			Map<String, Integer> seen = new HashMap<>();
			seen.merge(keys.next(), 1, Integer::sum);
			migrate(own, slot, source, target);
			keys.forEachRemaining((key) -> seen.merge(key, 1, Integer::sum));
			assertThat(own.masterForSlot(slot)).isEqualTo(target);
			assertThat(values.keySet()).containsAll(seen.keySet());
			seen.forEach((key, times) -> assertThat(times).as(key).isLessThanOrEqualTo(key.startsWith("k:") ? 1 : 2));
			assertThat(seen.keySet().stream().filter((key) -> key.startsWith("k:"))).hasSize(3000);
			assertThat(scanner.deleteByPattern("*", 100)).isEqualTo(3300);
		}
	}

	private static void migrate(RedisClusterServers cluster, int slot, LocalRedisServer source,
			LocalRedisServer target) {
		String slotText = Integer.toString(slot);
		target.execute("CLUSTER", "SETSLOT", slotText, "IMPORTING", cluster.nodeId(source));
		source.execute("CLUSTER", "SETSLOT", slotText, "MIGRATING", cluster.nodeId(target));
		List<?> batch;
		while (!(batch = (List<?>) source.execute("CLUSTER", "GETKEYSINSLOT", slotText, "100")).isEmpty()) {
			List<String> command = new ArrayList<>(List.of("MIGRATE", target.host(), Integer.toString(target.port()),
					"", "0", "5000", "KEYS"));
			batch.forEach((key) -> command.add((String) key));
			source.execute(command.toArray(String[]::new));
		}
		for (LocalRedisServer master : List.of(target, source)) {
			master.execute("CLUSTER", "SETSLOT", slotText, "NODE", cluster.nodeId(target));
		}
	}

	@Test
	void badInputIsRefusedBeforeAnyIoNamingTheArgument() {
		RedisKeyScanner<String> scanner = scanner(Topology.STANDALONE);
		assertThatIllegalArgumentException().isThrownBy(() -> scanner.scan("", 10, 10))
			.withMessageContaining("pattern must not be null or empty");
		assertThatIllegalArgumentException().isThrownBy(() -> scanner.scan(null, 10, 10))
			.withMessageContaining("pattern must not be null or empty");
		assertThatIllegalArgumentException().isThrownBy(() -> scanner.scan("a*", 0, 10))
			.withMessageContaining("count must be at least 1");
		assertThatIllegalArgumentException().isThrownBy(() -> scanner.scan("a*", 10, -1))
			.withMessageContaining("limit must be at least 1");
		assertThatIllegalArgumentException().isThrownBy(() -> scanner.deleteByPattern("a*", 0))
			.withMessageContaining("batchSize must be at least 1");
		assertThatIllegalArgumentException().isThrownBy(() -> scanner.reactive().scan("", 10))
			.withMessageContaining("pattern must not be null or empty");
		assertThatIllegalArgumentException().isThrownBy(() -> scanner.reactive().deleteByPattern("a*", -3))
			.withMessageContaining("batchSize must be at least 1");
		assertThatIllegalArgumentException().isThrownBy(() -> scanner.using(null))
			.withMessageContaining("template must not be null");
	}

	record Price(String symbol, double value) {
	}

	private static RedisKeyScanner<String> scanner(Topology topology) {
		return applications.bean(topology, RedisKeyScanner.class);
	}

	private static Map<String, String> numbered(String prefix, int count) {
		Map<String, String> values = new LinkedHashMap<>();
		for (int i = 0; i < count; i++) {
			values.put(prefix + i, "x");
		}
		return values;
	}

	private static void write(Topology topology, Map<String, String> values, Duration ttl) {
		TopologyKeys.write(applications, topology, values, ttl);
	}

	private static List<Set<String>> keysPerMaster(Topology topology, String pattern) {
		return TopologyKeys.perMaster(applications, topology, pattern);
	}

	private static Set<String> union(List<Set<String>> perMaster) {
		Set<String> all = new HashSet<>();
		perMaster.forEach(all::addAll);
		return all;
	}

	private static long scanCalls(RedisServer server) {
		String stats = (String) server.execute("INFO", "commandstats");
		return stats.lines()
			.filter((line) -> line.startsWith("cmdstat_scan:"))
			.map((line) -> Long.parseLong(line.substring(line.indexOf("calls=") + 6, line.indexOf(','))))
			.findFirst()
			.orElse(0L);
	}

}
