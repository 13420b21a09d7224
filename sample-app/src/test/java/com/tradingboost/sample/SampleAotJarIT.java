package com.tradingboost.sample;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import com.tradingboost.redis.testsupport.LocalRedisServer;
import com.tradingboost.redis.testsupport.RedisServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The packaged jar, AOT-processed in the build, starts with {@code -Dspring.aot.enabled=true} in a child JVM and
 * serves requests that write to and read from a fixture Redis. Runs with failsafe, after {@code package}.
 */
class SampleAotJarIT {

	private static final String AOT_INITIALIZER = "BOOT-INF/classes/com/tradingboost/sample/SampleApplication__ApplicationContextInitializer.class";

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

	private LocalRedisServer redis;

	private Process app;

	private Thread killAppOnExit;

	private Path log;

	@AfterEach
	void stopAppAndRedis() throws InterruptedException {
		try {
			if (this.app != null && this.app.isAlive()) {
				this.app.destroyForcibly().waitFor(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			}
			if (this.killAppOnExit != null) {
				Runtime.getRuntime().removeShutdownHook(this.killAppOnExit);
			}
		}
		finally {
			if (this.redis != null) {
				this.redis.close();
			}
		}
	}

	@Test
	void packagedJarStartsWithAotAndServesRedisBackedRequests() throws Exception {
		Path jar = Path.of(System.getProperty("sample.jar", "target/tradingboost-redis-sample-app.jar"));
		assertThat(jar).as("packaged sample jar (built by mvn package)").isRegularFile();
		try (JarFile jarFile = new JarFile(jar.toFile())) {
			assertThat(jarFile.getEntry(AOT_INITIALIZER)).as("AOT-generated initializer in " + jar).isNotNull();
		}
		this.redis = RedisServers.startLocal();
		int httpPort = freePort();
		this.log = Files.createDirectories(jar.toAbsolutePath().getParent().resolve("aot-it"))
			.resolve("sample-app.log");
		this.app = start(jar, httpPort);
		awaitReady(httpPort);
		assertThat(log()).contains("Starting AOT-processed SampleApplication");

		HttpResponse<String> saved = HttpJson.put(httpPort, "/users/aot-it/settings", "{\"theme\":\"dark\"}");
		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
		assertThat(this.redis.execute("HGET", "user:settings:aot-it", "theme")).isEqualTo("dark");
		HttpResponse<String> read = HttpJson.get(httpPort, "/users/aot-it/settings");
		assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
		assertThat(read.body()).contains("\"theme\":\"dark\"");

		this.app.destroy();
		assertThat(this.app.waitFor(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
			.as("sample app stopped within %s after SIGTERM; log:%n%s", SHUTDOWN_TIMEOUT, log())
			.isTrue();
	}

	private Process start(Path jar, int httpPort) throws IOException {
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		List<String> command = List.of(java, "-Dspring.aot.enabled=true", "-jar", jar.toAbsolutePath().toString(),
				"--spring.profiles.active=prod", "--server.port=" + httpPort,
				"--tradingboost.redis.host=" + this.redis.host(), "--tradingboost.redis.port=" + this.redis.port());
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.log.toFile())
			.start();
		this.killAppOnExit = new Thread(process::destroyForcibly, "kill-sample-app");
		Runtime.getRuntime().addShutdownHook(this.killAppOnExit);
		return process;
	}

	private void awaitReady(int httpPort) throws InterruptedException {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		String lastAnswer = "no answer yet";
		while (System.nanoTime() < deadline) {
			if (!this.app.isAlive()) {
				fail("Sample app exited with %d before /health/ready answered; log:%n%s", this.app.exitValue(), log());
			}
			try {
				HttpResponse<String> ready = HttpJson.getWithin(httpPort, "/health/ready", Duration.ofSeconds(2));
				if (ready.statusCode() == 200) {
					return;
				}
				lastAnswer = ready.statusCode() + " " + ready.body();
			}
			catch (IOException ex) {
				lastAnswer = ex.toString();
			}
			Thread.sleep(POLL_INTERVAL.toMillis());
		}
		fail("/health/ready did not answer 200 within %s (last: %s); log:%n%s", STARTUP_TIMEOUT, lastAnswer, log());
	}

	private String log() {
		try {
			return Files.readString(this.log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
