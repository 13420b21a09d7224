package com.tradingboost.redis.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a test main class in a fresh JVM with this JVM's java binary. */
final class ChildJvm {

	private ChildJvm() {
	}

	static Process start(Class<?> mainClass, String classpath, Path stderr, String... args) throws IOException {
		String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		List<String> command = new ArrayList<>(List.of(java, "-cp", classpath, mainClass.getName()));
		command.addAll(List.of(args));
		return new ProcessBuilder(command).redirectError(stderr.toFile()).start();
	}
}
