package com.tradingboost.redis.cache;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.tradingboost.redis.DedicatedServerApplicationTests;
import com.tradingboost.redis.testsupport.DedicatedRedisServer;
import com.tradingboost.redis.testsupport.RedisServer;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.serializer.SerializationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RedisCacheIntegrationTests extends DedicatedServerApplicationTests {

	RedisCacheIntegrationTests(@DedicatedRedisServer RedisServer server) {
		super(server);
	}

	@BeforeEach
	void emptyServer() {
		this.server.flushAll();
	}

	@Test
	void noEntryLivesForeverAndEachCacheGetsItsOwnTtl() {
		Calculator calculator = start("--tradingboost.redis.cache.ttl.prices=1h");
		calculator.plain("a");
		calculator.price("BTC");
		assertThat((Long) this.server.execute("TTL", "plain::a")).isBetween(1790L, 1800L);
		assertThat((Long) this.server.execute("TTL", "prices::BTC")).isBetween(3590L, 3600L);
	}

	@Test
	void cachesNamedInSpringCacheCacheNamesGetTheDefaultTtlToo() {
		Calculator calculator = start("--spring.cache.cache-names=plain");
		calculator.plain("named");
		assertThat((Long) this.server.execute("TTL", "plain::named")).isBetween(1790L, 1800L);
	}

	@Test
	void bootsOwnTimeToLiveWinsOverTheStartersDefault() {
		Calculator calculator = start("--spring.cache.redis.time-to-live=10m");
		calculator.plain("a");
		assertThat((Long) this.server.execute("TTL", "plain::a")).isBetween(590L, 600L);
	}

	@Test
	void aKeyPrefixGoesBeforeEveryCacheKey() {
		Calculator calculator = start("--tradingboost.redis.cache.key-prefix=orders-svc:");
		calculator.plain("a");
		assertThat(this.server.execute("EXISTS", "orders-svc:plain::a")).isEqualTo(1L);
	}

	@Test
	void cachedMethodsKeepWorkingWhileRedisIsDownAndUseRedisAgainAfter() {
		Calculator calculator = start();
		assertThat(calculator.plain("a")).isEqualTo("plain-a-1");
		assertThat(calculator.plain("a")).as("served from Redis").isEqualTo("plain-a-1");
		this.server.kill();
		assertThat(calculator.plain("a")).as("computed while Redis is down").isEqualTo("plain-a-2");
		assertThat(calculator.plain("a")).isEqualTo("plain-a-3");
		this.server.start();
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(15))
			.until(() -> calculator.plain("b").equals(calculator.plain("b")));
		assertThat(this.server.execute("EXISTS", "plain::b")).isEqualTo(1L);
	}

	@Test
	void cachedMethodsKeepWorkingOnceTheCircuitBreakerHasOpened() {
		Calculator calculator = start();
		this.server.kill();
		for (int i = 1; i <= 10; i++) {
			assertThat(calculator.plain("open")).isEqualTo("plain-open-" + i);
		}
		assertThat(this.context.getBean(io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry.class)
			.circuitBreaker("redis")
			.getState()
			.name()).isIn("OPEN", "HALF_OPEN");
	}

	@Test
	@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
	void warnsOnceNamingTheRootCauseNotSpringDataRedissWrapper(
			org.springframework.boot.test.system.CapturedOutput output) {
		Calculator calculator = start();
		this.server.kill();
		for (int i = 1; i <= 5; i++) {
			calculator.plain("warned");
		}
		assertThat(java.util.Arrays.stream(output.getOut().split("\n"))
			.filter((line) -> line.contains("Redis unavailable for cache")))
			.singleElement()
			.satisfies((line) -> assertThat(line).containsPattern(
					"cache 'plain', read \\(served as a miss\\): (not connected|connection (lost|refused|closed))")
				.contains("(similar warnings are logged at most once every 1 min)")
				.doesNotContain("Redis exception")
				.doesNotContain("0 similar"));
	}

	@Test
	void errorsThatAreNotOutagesStillPropagate() {
		Calculator calculator = start();
		this.server.execute("SET", "plain::broken", "not a serialized java object");
		assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> calculator.plain("broken"));
	}

	@Test
	void failSoftCanBeSwitchedOff() {
		Calculator calculator = start("--tradingboost.redis.cache.fail-soft=false");
		calculator.plain("a");
		this.server.kill();
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> calculator.plain("a"));
	}

	@Test
	void clearUnlinksInScanBatchesNotWithKeys() {
		Calculator calculator = start("--tradingboost.redis.cache.clear-batch-size=100");
		for (int i = 0; i < 1200; i++) {
			calculator.plain("k" + i);
		}
		this.server.execute("CONFIG", "RESETSTAT");
		this.context.getBean(CacheManager.class).getCache("plain").clear();
		String stats = (String) this.server.execute("INFO", "commandstats");
		assertThat(this.server.execute("DBSIZE")).as(stats).isEqualTo(0L);
		assertThat(stats).contains("cmdstat_scan:").contains("cmdstat_unlink:").doesNotContain("cmdstat_keys:");
	}

	private Calculator start(String... extra) {
		Map<String, String> properties = new LinkedHashMap<>(Map.of("tradingboost.redis.host", this.server.host(),
				"tradingboost.redis.port", String.valueOf(this.server.port()), "tradingboost.redis.command-timeout",
				"500ms", "spring.main.banner-mode", "off"));
		List<String> args = new java.util.ArrayList<>();
		properties.forEach((name, value) -> args.add("--" + name + "=" + value));
		args.addAll(List.of(extra));
		this.context = new SpringApplicationBuilder(CacheTestApplication.class).web(WebApplicationType.NONE)
			.run(args.toArray(String[]::new));
		return this.context.getBean(Calculator.class);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableCaching
	static class CacheTestApplication {

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

		@Cacheable("prices")
		public String price(String symbol) {
			return symbol + "@" + this.calls.incrementAndGet();
		}

	}

}
