package com.tradingboost.redis.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJvmTests {

	private static final Pattern STARTED = Pattern.compile("pid=(\\d+) port=(\\d+)");

	@Test
	void watchdogKillsTheServerOfAKilledJvm(@TempDir Path dir) throws Exception {
		Path stderr = dir.resolve("child.err");
		Process child = ChildJvm.start(OrphanedServerMain.class, System.getProperty("java.class.path"), stderr);
		long redisPid = -1;
		try {
			redisPid = startedRedisPid(child, stderr);
			assertThat(Processes.isRunning(redisPid)).isTrue();

			child.destroyForcibly();
			assertThat(child.waitFor(5, TimeUnit.SECONDS)).isTrue();

			assertThat(Processes.awaitGone(redisPid, Duration.ofSeconds(5)))
					.as("redis-server %d outlived its killed JVM", redisPid)
					.isTrue();
		} finally {
			cleanUp(child, redisPid);
		}
	}

	@Test
	void watchdogsKillEveryProcessOfASentinelSetOfAKilledJvm(@TempDir Path dir) throws Exception {
		Path stderr = dir.resolve("child.err");
		Process child = ChildJvm.start(OrphanedTopologyMain.class, System.getProperty("java.class.path"), stderr);
		List<Long> redisPids = List.of();
		try {
			BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
			String line = CompletableFuture.supplyAsync(() -> readLine(out)).get(30, TimeUnit.SECONDS);
			assertThat(line).as("child output; stderr: %s", Files.readString(stderr)).isNotNull().startsWith("pids=");
			redisPids = Arrays.stream(line.substring("pids=".length()).split(",")).map(Long::valueOf).toList();
			assertThat(redisPids).hasSize(5).allMatch(Processes::isRunning);

			child.destroyForcibly();
			assertThat(child.waitFor(5, TimeUnit.SECONDS)).isTrue();

			for (long pid : redisPids) {
				assertThat(Processes.awaitGone(pid, Duration.ofSeconds(5))).as("redis-server %d outlived its killed JVM", pid)
						.isTrue();
			}
		} finally {
			child.destroyForcibly();
			redisPids.forEach(pid -> cleanUp(child, pid));
		}
	}

	@Test
	void shutdownHookClosesServersNobodyClosed(@TempDir Path dir) throws Exception {
		Path stderr = dir.resolve("child.err");
		Process child = ChildJvm.start(OrphanedServerMain.class, System.getProperty("java.class.path"), stderr, "exit");
		long redisPid = -1;
		try {
			redisPid = startedRedisPid(child, stderr);
			assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();

			assertThat(Processes.isRunning(redisPid)).as("still running right after its JVM exited").isFalse();
			assertThat(PidRegistry.DEFAULT.fileFor(redisPid)).as("unregistered by a graceful close").doesNotExist();
		} finally {
			cleanUp(child, redisPid);
		}
	}

	@Test
	void coreWorksWithoutJunitAndTestcontainers(@TempDir Path dir) throws Exception {
		String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
				.filter(entry -> !entry.contains("junit") && !entry.contains("opentest4j")
						&& !entry.contains("testcontainers") && !entry.contains("docker-java"))
				.collect(Collectors.joining(File.pathSeparator));
		Path stderr = dir.resolve("child.err");
		Process child = ChildJvm.start(PlainJavaMain.class, classpath, stderr);
		String output = CompletableFuture.supplyAsync(() -> readAll(child)).get(30, TimeUnit.SECONDS);
		assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();

		assertThat(child.exitValue()).as("stderr: %s", Files.readString(stderr)).isZero();
		assertThat(output.lines()).contains("junit absent", "testcontainers absent");
		assertThat(output.lines().filter(l -> l.startsWith("PONG from "))).hasSize(2);
	}

	private static long startedRedisPid(Process child, Path stderr) throws Exception {
		BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
		String line = CompletableFuture.supplyAsync(() -> readLine(out)).get(20, TimeUnit.SECONDS);
		assertThat(line).as("child output; stderr: %s", Files.readString(stderr)).isNotNull().matches(STARTED);
		Matcher started = STARTED.matcher(line);
		assertThat(started.matches()).isTrue();
		return Long.parseLong(started.group(1));
	}

	private static void cleanUp(Process child, long redisPid) {
		child.destroyForcibly();
		if (redisPid > 0 && Processes.isRunning(redisPid)) {
			ProcessHandle.of(redisPid).ifPresent(ProcessHandle::destroyForcibly);
		}
	}

	private static String readLine(BufferedReader reader) {
		try {
			return reader.readLine();
		} catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	private static String readAll(Process process) {
		try {
			return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		} catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}
}
