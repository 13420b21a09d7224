package com.tradingboost.redis.benchmarks;

import java.lang.management.ManagementFactory;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Started in a fresh JVM by the benchmark: boots the minimal web application and prints the time from JVM start to
 * a ready context.
 */
public final class StartupProbe {

	private StartupProbe() {
	}

	public static void main(String[] args) {
		BenchmarkApplication.Variant variant = BenchmarkApplication.Variant.valueOf(args[0]);
		try (ConfigurableApplicationContext context = BenchmarkApplication.start(variant, args[1],
				Integer.parseInt(args[2]), true)) {
			long millis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
			System.out.println("STARTUP_MS=" + millis);
		}
		System.exit(0);
	}

}
