package com.tradingboost.redis.nearcache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.tradingboost.redis.DedicatedServerApplicationTests;
import com.tradingboost.redis.nearcache.NearCacheTestApplication.Quotes;
import com.tradingboost.redis.testsupport.DedicatedRedisServer;
import com.tradingboost.redis.testsupport.RedisServer;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.data.redis.cache.RedisCacheManager;

import static org.assertj.core.api.Assertions.assertThat;

class NearCacheIntegrationTests extends DedicatedServerApplicationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private Quotes quotes;

	private NearCacheInvalidations invalidations;

	private NearCache prices;

	NearCacheIntegrationTests(@DedicatedRedisServer RedisServer server) {
		super(server);
	}

	@BeforeEach
	void emptyServer() {
		this.server.flushAll();
	}

	@Test
	void offByDefaultChangesNothing() {
		this.context = run();
		assertThat(this.context.getBean(CacheManager.class)).isInstanceOf(RedisCacheManager.class);
		assertThat(this.context.getBeanNamesForType(NearCacheInvalidations.class)).isEmpty();
		assertThat(((CompositeHealthContributor) this.context.getBean("redisHealthContributor"))
			.getContributor("near-cache")).isNull();
		assertThat(this.server.clientList()).noneMatch(NearCacheIntegrationTests::isTracking);
	}

	@Test
	void hotReadsComeFromL1AndAForeignWriteEvictsThem() {
		start();
		assertThat(this.server.clientList()).filteredOn(NearCacheIntegrationTests::isTracking).hasSize(1);
		String first = cached("BTC");
		long hits = this.prices.getHits();
		assertThat(this.quotes.price("BTC")).isEqualTo(first);
		assertThat(this.prices.getHits()).isEqualTo(hits + 1);
		this.server.execute("SET", "prices::BTC", "97000.5");
		Awaitility.await().atMost(TIMEOUT).until(() -> !this.prices.isLocallyCached("BTC"));
		assertThat(this.quotes.price("BTC")).isEqualTo("97000.5");
		assertThat(this.prices.getEvictions(NearCache.Cause.INVALIDATION)).isEqualTo(1);
		assertThat(this.invalidations.getMessagesReceived()).isPositive();
	}

	@Test
	void theCacheUsedDirectlyReadsThroughL1AndStaysCoherent() {
		start();
		Cache cache = this.context.getBean(CacheManager.class).getCache("prices");
		this.server.execute("SET", "prices::SOL", "151.2");
		assertThat(cache.get("SOL", String.class)).isEqualTo("151.2");
		Awaitility.await().atMost(TIMEOUT).until(() -> cache.get("SOL", String.class) != null
				&& this.prices.isLocallyCached("SOL"));
		long hits = this.prices.getHits();
		assertThat(cache.get("SOL", String.class)).isEqualTo("151.2");
		assertThat(this.prices.getHits()).isEqualTo(hits + 1);
		this.server.execute("SET", "prices::SOL", "152.0");
		Awaitility.await().atMost(TIMEOUT).until(() -> !this.prices.isLocallyCached("SOL"));
		assertThat(cache.get("SOL", String.class)).isEqualTo("152.0");
		assertThat(cache.get("ADA", () -> "0.61")).isEqualTo("0.61");
		assertThat(this.server.execute("GET", "prices::ADA")).isEqualTo("0.61");
	}

	@Test
	void cachesNotNamedKeepNoL1() {
		start();
		this.quotes.plain("a");
		this.quotes.plain("a");
		assertThat(((NearCacheManager) this.context.getBean(CacheManager.class)).getNearCache("plain")).isNull();
		this.server.execute("SET", "plain::a", "changed");
		assertThat(this.quotes.plain("a")).isEqualTo("changed");
	}

	@Test
	void writesAndEvictsThroughTheCacheReachRedisAndL1() {
		start();
		cached("ETH");
		this.prices.put("ETH", "3400.1");
		assertThat(this.prices.isLocallyCached("ETH")).isFalse();
		assertThat(this.server.execute("GET", "prices::ETH")).isEqualTo("3400.1");
		assertThat(this.quotes.price("ETH")).isEqualTo("3400.1");
		this.prices.evict("ETH");
		assertThat(this.prices.isLocallyCached("ETH")).isFalse();
		assertThat(this.server.execute("EXISTS", "prices::ETH")).isEqualTo(0L);
	}

	@Test
	void flushAllAndFlushDbClearL1() {
		start();
		for (String command : List.of("FLUSHALL", "FLUSHDB")) {
			cached("BTC");
			this.server.execute(command);
			Awaitility.await().atMost(TIMEOUT).until(() -> !this.prices.isLocallyCached("BTC"));
		}
		assertThat(this.prices.getEvictions(NearCache.Cause.RESET)).isGreaterThanOrEqualTo(2);
	}

	@Test
	void aReconnectClearsL1BeforeItServesAgain() {
		start("--tradingboost.redis.near-cache.max-stale=1h");
		String before = cached("BTC");
		this.server.kill();
		Awaitility.await().atMost(TIMEOUT).until(() -> !this.invalidations.isServing());
		this.server.start();
		this.server.execute("SET", "prices::BTC", "after-restart");
		awaitServing();
		assertThat(this.quotes.price("BTC")).isNotEqualTo(before).isEqualTo("after-restart");
		assertThat(this.server.clientList()).filteredOn(NearCacheIntegrationTests::isTracking).hasSize(1);
		this.server.execute("SET", "prices::BTC", "tracked-again");
		Awaitility.await().atMost(TIMEOUT).until(() -> this.quotes.price("BTC").equals("tracked-again"));
	}

	@Test
	void l1StaysWithinItsMaximumSize() {
		start("--tradingboost.redis.near-cache.maximum-size=50");
		for (int i = 0; i < 200; i++) {
			this.quotes.price("S" + i);
			this.quotes.price("S" + i);
			assertThat(this.prices.getLocalSize()).isLessThanOrEqualTo(50);
		}
		assertThat(this.prices.getEvictions(NearCache.Cause.SIZE)).isPositive();
	}

	@Test
	void l1NeverOutlivesTheRedisTtl() {
		start("--tradingboost.redis.cache.ttl.prices=2s", "--tradingboost.redis.near-cache.expire-after-write=1h");
		assertThat(this.prices.getExpireAfterWrite()).isEqualTo(Duration.ofSeconds(2));
		long written = System.nanoTime();
		cached("BTC");
		Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(10))
			.until(() -> !this.prices.isLocallyCached("BTC"));
		assertThat(Duration.ofNanos(System.nanoTime() - written)).isLessThan(Duration.ofMillis(3000));
	}

	@Test
	void withMaxStaleL1ServesDuringAnOutageAndNotBeyond() {
		start("--tradingboost.redis.near-cache.max-stale=2s");
		long beforeFill = System.nanoTime();
		String cached = cached("BTC");
		long afterFill = System.nanoTime();
		this.server.kill();
		List<long[]> staleServes = new ArrayList<>();
		long[] firstFresh = new long[1];
		Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> {
			String answer = this.quotes.price("BTC");
			long now = System.nanoTime();
			if (answer.equals(cached)) {
				staleServes.add(new long[] { now });
				return false;
			}
			firstFresh[0] = now;
			return true;
		});
		assertThat(staleServes).isNotEmpty()
			.allSatisfy((serve) -> assertThat(serve[0] - afterFill).isLessThanOrEqualTo(Duration.ofSeconds(2).toNanos()));
		assertThat(firstFresh[0] - beforeFill).isGreaterThanOrEqualTo(Duration.ofSeconds(2).toNanos());
		assertThat(this.prices.getStaleHits()).isEqualTo(staleServes.size());
	}

	@Test
	void withoutMaxStaleAnOutageServesNothingFromL1() {
		start();
		String cached = cached("BTC");
		this.server.kill();
		assertThat(this.quotes.price("BTC")).isNotEqualTo(cached);
		assertThat(this.prices.getStaleHits()).isZero();
	}

	@Test
	void healthAndMetersShowTheNearCache() {
		start();
		this.quotes.price("BTC");
		// The invalidation of the cache's own first write may evict the first L1 copy: read until one is a hit.
		Awaitility.await().atMost(TIMEOUT).until(() -> {
			this.quotes.price("BTC");
			return this.prices.getHits() > 0;
		});
		HealthIndicator indicator = (HealthIndicator) ((CompositeHealthContributor) this.context
			.getBean("redisHealthContributor")).getContributor("near-cache");
		Health health = indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("serving", true)
			.containsEntry("tracking", true)
			.containsEntry("prefixes", List.of("prices::"))
			.containsKeys("caches", "invalidations_received", "last_alive", "since_alive_ms");
		MeterRegistry registry = this.context.getBean(MeterRegistry.class);
		assertThat(registry.get("tradingboost.redis.near.cache.gets")
			.tags("cache", "prices", "result", "hit", "instance", "primary")
			.functionCounter()
			.count()).isEqualTo(this.prices.getHits());
		assertThat(registry.get("tradingboost.redis.near.cache.evictions").tags("cause", "invalidation").meters())
			.isNotEmpty();
		assertThat(registry.get("tradingboost.redis.near.cache.invalidations.received").functionCounter().count())
			.isPositive();
		assertThat(registry.get("tradingboost.redis.near.cache.channel.since.alive").timeGauge().value())
			.isLessThan(3);
		this.server.kill();
		Awaitility.await().atMost(TIMEOUT).until(() -> indicator.health().getStatus().equals(Status.UNKNOWN));
		assertThat(indicator.health().getDetails()).containsEntry("serving", false).containsKey("reason");
	}

	private void start(String... extra) {
		List<String> args = new ArrayList<>(List.of("--tradingboost.redis.near-cache.enabled=true",
				"--tradingboost.redis.near-cache.caches=prices"));
		args.addAll(List.of(extra));
		this.context = run(args.toArray(String[]::new));
		this.quotes = this.context.getBean(Quotes.class);
		this.invalidations = this.context.getBean(NearCacheInvalidations.class);
		this.prices = ((NearCacheManager) this.context.getBean(CacheManager.class)).getNearCache("prices");
		awaitServing();
	}

	/**
	 * Reads a quote until L1 holds it; when the read computed and wrote it, first waits for the invalidation of that
	 * write, which would otherwise evict the copy read after it.
	 */
	private String cached(String symbol) {
		long messages = this.invalidations.getMessagesReceived();
		int calls = this.quotes.calls();
		String value = this.quotes.price(symbol);
		if (this.quotes.calls() != calls) {
			Awaitility.await().atMost(TIMEOUT).until(() -> this.invalidations.getMessagesReceived() > messages);
		}
		Awaitility.await().atMost(TIMEOUT).until(() -> {
			this.quotes.price(symbol);
			return this.prices.isLocallyCached(symbol);
		});
		return value;
	}

	private void awaitServing() {
		Awaitility.await().atMost(TIMEOUT).until(this.invalidations::isServing);
	}

	private org.springframework.context.ConfigurableApplicationContext run(String... extra) {
		Map<String, String> properties = new LinkedHashMap<>(Map.of("tradingboost.redis.host", this.server.host(),
				"tradingboost.redis.port", String.valueOf(this.server.port()), "tradingboost.redis.command-timeout",
				"500ms", "spring.main.banner-mode", "off"));
		List<String> args = new ArrayList<>();
		properties.forEach((name, value) -> args.add("--" + name + "=" + value));
		args.addAll(List.of(extra));
		return new SpringApplicationBuilder(NearCacheTestApplication.class).web(WebApplicationType.NONE)
			.run(args.toArray(String[]::new));
	}

	static boolean isTracking(String client) {
		for (String field : client.split(" ")) {
			if (field.startsWith("flags=")) {
				return field.substring("flags=".length()).contains("t");
			}
		}
		return false;
	}

}
