package com.tradingboost.redis.benchmarks;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A minimal Spring Boot application, run either with the starter or as stock Spring Boot Redis (the starter's
 * auto-configurations excluded).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class BenchmarkApplication {

	static final String STARTER_AUTO_CONFIGURATIONS = String.join(",",
			"com.tradingboost.redis.autoconfigure.TradingBoostRedisAutoConfiguration",
			"com.tradingboost.redis.autoconfigure.TradingBoostRedisHealthAutoConfiguration",
			"com.tradingboost.redis.autoconfigure.TradingBoostRedisResilienceAutoConfiguration",
			"com.tradingboost.redis.autoconfigure.TradingBoostRedisMetricsAutoConfiguration",
			"com.tradingboost.redis.autoconfigure.TradingBoostRedisCacheAutoConfiguration",
			"com.tradingboost.redis.autoconfigure.TradingBoostRedisPatternsAutoConfiguration");

	/**
	 * The starter's switch for Netty's {@code FlushConsolidationHandler} on each Lettuce channel (default
	 * {@code true}); the variant {@link Variant#STARTER_NO_FLUSH_CONSOLIDATION} sets it to {@code false}.
	 */
	static final String CONSOLIDATE_FLUSHES_PROPERTY = "tradingboost.redis.lettuce.consolidate-flushes";

	/** Which Redis setup an application gets. */
	enum Variant {

		/** The starter with everything on. */
		STARTER,

		/** The starter without its meters. */
		STARTER_NO_METRICS,

		/** The starter without the circuit breaker. */
		STARTER_NO_BREAKER,

		/** The starter without flush consolidation on its Lettuce channels. */
		STARTER_NO_FLUSH_CONSOLIDATION,

		/** Spring Boot's own Redis auto-configuration on a plain factory. */
		STOCK_BOOT

	}

	static ConfigurableApplicationContext start(Variant variant, String host, int port, boolean web,
			String... extra) {
		List<String> connection = (variant != Variant.STOCK_BOOT)
				? List.of("--tradingboost.redis.host=" + host, "--tradingboost.redis.port=" + port)
				: List.of("--spring.data.redis.host=" + host, "--spring.data.redis.port=" + port);
		return start(variant, web, connection, extra);
	}

	/**
	 * Starts an application whose connection settings (a host, a Sentinel set, a cluster) are all in
	 * {@code connection}.
	 */
	static ConfigurableApplicationContext start(Variant variant, boolean web, List<String> connection,
			String... extra) {
		List<String> args = new ArrayList<>(List.of("--spring.main.banner-mode=off", "--logging.level.root=WARN",
				"--server.port=0", "--sample.local-redis.enabled=false"));
		switch (variant) {
			case STOCK_BOOT -> args.addAll(List.of("--spring.autoconfigure.exclude=" + STARTER_AUTO_CONFIGURATIONS,
					"--tradingboost.redis.health.probe-groups=false", "--tradingboost.redis.circuit-breaker.enabled=false"));
			case STARTER_NO_METRICS -> args.addAll(List.of("--tradingboost.redis.metrics.enabled=false"));
			case STARTER_NO_BREAKER -> args.addAll(List.of("--tradingboost.redis.circuit-breaker.enabled=false"));
			case STARTER_NO_FLUSH_CONSOLIDATION -> args.addAll(List.of("--" + CONSOLIDATE_FLUSHES_PROPERTY + "=false"));
			case STARTER -> {
			}
		}
		args.addAll(connection);
		args.addAll(List.of(extra));
		return new SpringApplicationBuilder(BenchmarkApplication.class)
			.web(web ? WebApplicationType.SERVLET : WebApplicationType.NONE)
			.run(args.toArray(String[]::new));
	}

}
