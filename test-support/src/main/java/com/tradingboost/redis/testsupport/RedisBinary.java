package com.tradingboost.redis.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Optional;

/** A redis-server executable: an existing file, or a resource of the embedded-redis jar copied out on demand. */
record RedisBinary(String description, Path file, String resource) {

	private static final String EXECUTABLE = "redis-server";

	/** The executable named by the override property or environment variable, else the first on the PATH. */
	static Optional<RedisBinary> configuredOrOnPath() {
		String property = System.getProperty(RedisServers.SERVER_BINARY_PROPERTY, "").trim();
		if (!property.isEmpty()) {
			return Optional.of(configured(property, RedisServers.SERVER_BINARY_PROPERTY));
		}
		String env = Optional.ofNullable(System.getenv(RedisServers.SERVER_BINARY_ENV)).orElse("").trim();
		if (!env.isEmpty()) {
			return Optional.of(configured(env, RedisServers.SERVER_BINARY_ENV));
		}
		String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
		for (String dir : path.split(File.pathSeparator)) {
			if (dir.isBlank()) {
				continue;
			}
			Path candidate = Path.of(dir, EXECUTABLE);
			if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				return Optional.of(new RedisBinary("redis-server on PATH (" + candidate + ")", candidate, null));
			}
		}
		return Optional.empty();
	}

	/** The binary embedded-redis bundles for this operating system and CPU, if there is one. */
	static Optional<RedisBinary> bundled() {
		return bundledResourceName()
				.filter(name -> RedisBinary.class.getClassLoader().getResource(name) != null)
				.map(name -> new RedisBinary("bundled embedded-redis binary (" + name + ")", null, name));
	}

	/** The file to execute, copying the bundled resource into {@code dir} first if needed. */
	Path installInto(Path dir) throws IOException {
		if (file != null) {
			return file;
		}
		Path target = dir.resolve(resource);
		try (InputStream in = RedisBinary.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IOException("resource " + resource + " is missing from the classpath");
			}
			Files.copy(in, target);
		}
		Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
		return target;
	}

	private static RedisBinary configured(String value, String setting) {
		Path candidate = Path.of(value);
		if (!Files.isRegularFile(candidate) || !Files.isExecutable(candidate)) {
			throw new IllegalStateException(setting + "=" + value + " is not an executable file");
		}
		return new RedisBinary("redis-server from " + setting + " (" + candidate + ")", candidate, null);
	}

	private static Optional<String> bundledResourceName() {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
		boolean amd64 = arch.equals("amd64") || arch.equals("x86_64");
		boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
		if (os.contains("linux")) {
			if (amd64) {
				return Optional.of("redis-server-6.2.6-v5-linux-amd64");
			}
			if (arm64) {
				return Optional.of("redis-server-6.2.7-linux-arm64");
			}
			if (arch.equals("x86") || arch.equals("i386") || arch.equals("i686")) {
				return Optional.of("redis-server-6.2.7-linux-386");
			}
		} else if (os.contains("mac") || os.contains("darwin")) {
			if (amd64) {
				return Optional.of("redis-server-6.2.6-v5-darwin-amd64");
			}
			if (arm64) {
				return Optional.of("redis-server-6.2.6-v5-darwin-arm64");
			}
		}
		return Optional.empty();
	}
}
