package com.tradingboost.redis.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code redis-benchmark} against the benchmark server, when the binary is on the PATH.
 */
final class RedisBenchmarkTool {

	private RedisBenchmarkTool() {
	}

	static boolean available() {
		try {
			Process process = new ProcessBuilder("redis-benchmark", "--version").redirectErrorStream(true).start();
			return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	static String version() {
		return run(List.of("redis-benchmark", "--version")).trim();
	}

	/** Requests per second of one command at a concurrency, with an optional pipeline depth. */
	static Optional<Double> requestsPerSecond(int port, String command, int clients, int requests, int pipeline) {
		List<String> args = new ArrayList<>(List.of("redis-benchmark", "-h", "127.0.0.1", "-p", String.valueOf(port),
				"-c", String.valueOf(clients), "-n", String.valueOf(requests), "-d", "64", "-t", command, "--csv"));
		if (pipeline > 1) {
			args.addAll(List.of("-P", String.valueOf(pipeline)));
		}
		for (String line : run(args).lines().toList()) {
			String[] cells = line.replace("\"", "").split(",");
			if (cells.length > 1 && cells[0].equalsIgnoreCase(command)) {
				return Optional.of(Double.parseDouble(cells[1]));
			}
		}
		return Optional.empty();
	}

	private static String run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			process.waitFor(120, TimeUnit.SECONDS);
			return output;
		}
		catch (IOException ex) {
			return "";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
	}

}
