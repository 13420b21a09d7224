package com.tradingboost.redis.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidRegistryTests {

	@Test
	void launchRecordsTheOwnerJvm() throws Exception {
		try (LocalRedisServer redis = RedisServers.startLocal()) {
			Path entry = PidRegistry.DEFAULT.fileFor(redis.pid().orElseThrow());
			assertThat(Files.readAllLines(entry))
					.containsExactly(Long.toString(ProcessHandle.current().pid()), redis.logFile().getParent().toString());
		}
	}

	@Test
	void reapsARedisWhoseOwnerJvmIsDead() throws Exception {
		try (LocalRedisServer redis = RedisServers.startLocal()) {
			long pid = redis.pid().orElseThrow();
			Path entry = PidRegistry.DEFAULT.fileFor(pid);
			Files.writeString(entry, Processes.deadPid() + "\n");

			int killed = PidRegistry.DEFAULT.reapOrphans();

			assertThat(killed).isGreaterThanOrEqualTo(1);
			assertThat(Processes.awaitGone(pid, Duration.ofSeconds(2))).isTrue();
			assertThat(entry).doesNotExist();
		}
	}

	@Test
	void leavesServersOfLiveJvmsAlone() {
		try (LocalRedisServer redis = RedisServers.startLocal()) {
			long pid = redis.pid().orElseThrow();

			PidRegistry.DEFAULT.reapOrphans();

			assertThat(Processes.isRunning(pid)).isTrue();
			assertThat(PidRegistry.DEFAULT.fileFor(pid)).exists();
			assertThat(redis.execute("PING")).isEqualTo("PONG");
		}
	}

	@Test
	void neverKillsAProcessThatIsNotRedis(@TempDir Path registryDir) throws Exception {
		PidRegistry registry = new PidRegistry(registryDir);
		Process sleeper = new ProcessBuilder("sleep", "30").start();
		try {
			Path entry = registry.fileFor(sleeper.pid());
			Files.writeString(entry, Processes.deadPid() + "\n");

			int killed = registry.reapOrphans();

			assertThat(killed).isZero();
			assertThat(sleeper.isAlive()).isTrue();
			assertThat(entry).doesNotExist();
		} finally {
			sleeper.destroyForcibly();
		}
	}

	@Test
	void deletesTheWorkDirectoryOfADeadServerButNothingElse(@TempDir Path registryDir, @TempDir Path other)
			throws Exception {
		PidRegistry registry = new PidRegistry(registryDir);
		Path workDir = Files.createTempDirectory(PidRegistry.WORK_DIR_PREFIX);
		Files.writeString(workDir.resolve("redis-server.log"), "old log");
		Path prefixedElsewhere = Files.createDirectory(other.resolve(PidRegistry.WORK_DIR_PREFIX + "elsewhere"));
		writeDeadEntry(registry, workDir);
		writeDeadEntry(registry, other);
		writeDeadEntry(registry, prefixedElsewhere);

		registry.reapOrphans();

		assertThat(workDir).doesNotExist();
		assertThat(other).exists();
		assertThat(prefixedElsewhere).exists();
		assertThat(registryDir).isEmptyDirectory();
	}

	private static void writeDeadEntry(PidRegistry registry, Path workDir) throws Exception {
		Files.writeString(registry.fileFor(Processes.deadPid()), Processes.deadPid() + "\n" + workDir + "\n");
	}
}
