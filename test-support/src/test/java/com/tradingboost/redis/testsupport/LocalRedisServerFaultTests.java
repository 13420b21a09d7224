package com.tradingboost.redis.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class LocalRedisServerFaultTests {

	private static final String GRACEFUL_EXIT = "ready to exit, bye bye";

	@Test
	void stopRefusesConnectionsAndStartAnswersAgainOnTheSamePort() throws Exception {
		try (LocalRedisServer redis = RedisServers.startLocal()) {
			int port = redis.port();
			long pid = redis.pid().orElseThrow();
			redis.execute("SET", "k", "v");

			redis.stop();

			assertThat(Processes.isRunning(pid)).isFalse();
			assertThat(redis.pid()).isEmpty();
			assertThat(Files.readString(redis.logFile())).contains(GRACEFUL_EXIT);
			assertRefused(redis);

			redis.start();

			assertThat(redis.port()).isEqualTo(port);
			assertThat(redis.pid().orElseThrow()).isNotEqualTo(pid);
			assertThat(redis.execute("PING")).isEqualTo("PONG");
			assertThat(redis.execute("GET", "k")).as("nothing is persisted").isNull();
		}
	}

	@Test
	void killRefusesConnectionsAndStartAnswersAgain() throws Exception {
		try (LocalRedisServer redis = RedisServers.startLocal()) {
			long pid = redis.pid().orElseThrow();

			redis.kill();

			assertThat(Processes.isRunning(pid)).isFalse();
			assertThat(Files.readString(redis.logFile())).doesNotContain(GRACEFUL_EXIT);
			assertRefused(redis);

			redis.start();

			assertThat(redis.execute("PING")).isEqualTo("PONG");
		}
	}

	@Test
	void serverThatDiedOnItsOwnCanBeStartedAgain() throws Exception {
		try (LocalRedisServer redis = RedisServers.startLocal()) {
			long pid = redis.pid().orElseThrow();
			ProcessHandle.of(pid).orElseThrow().destroyForcibly();
			assertThat(Processes.awaitGone(pid, Duration.ofSeconds(2))).isTrue();
			assertRefused(redis);

			redis.start();

			assertThat(redis.execute("PING")).isEqualTo("PONG");
			assertThat(PidRegistry.DEFAULT.fileFor(pid)).doesNotExist();
			assertThat(PidRegistry.DEFAULT.fileFor(redis.pid().orElseThrow())).exists();
		}
	}

	@Test
	void pausedServerTimesOutAndAnswersAfterResume() {
		try (LocalRedisServer redis = RedisServers.startLocal()) {
			redis.pause();

			long started = System.nanoTime();
			assertThatThrownBy(() -> redis.execute("PING"))
					.isInstanceOf(UncheckedIOException.class)
					.hasRootCauseInstanceOf(SocketTimeoutException.class);
			Duration waited = Duration.ofNanos(System.nanoTime() - started);
			assertThat(waited).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(4));

			redis.resume();

			assertThat(redis.execute("PING")).isEqualTo("PONG");
		}
	}

	@Test
	void closeLeavesNoProcessNoFilesAndIsIdempotent() throws Exception {
		LocalRedisServer redis = RedisServers.startLocal();
		long pid = redis.pid().orElseThrow();
		Path workDir = redis.logFile().getParent();
		assertThat(PidRegistry.DEFAULT.fileFor(pid)).exists();

		redis.close();

		assertThat(Processes.isRunning(pid)).isFalse();
		assertThat(workDir).doesNotExist();
		assertThat(PidRegistry.DEFAULT.fileFor(pid)).doesNotExist();
		redis.close();
		assertThatThrownBy(redis::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
	}

	@Test
	void closeEndsAPausedServer() throws Exception {
		LocalRedisServer redis = RedisServers.startLocal();
		long pid = redis.pid().orElseThrow();
		redis.pause();

		redis.close();

		assertThat(Processes.isRunning(pid)).isFalse();
	}

	@Test
	void controllingAStoppedServerFailsClearly() {
		try (LocalRedisServer redis = RedisServers.startLocal()) {
			redis.stop();
			redis.stop();
			assertThatThrownBy(redis::pause).isInstanceOf(IllegalStateException.class).hasMessageContaining("not running");
			assertThatThrownBy(redis::resume).isInstanceOf(IllegalStateException.class).hasMessageContaining("not running");
		}
	}

	@Test
	void startFailureReportsTheServerLog() {
		assertThatThrownBy(() -> RedisServers.startLocal("--no-such-directive", "x"))
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("exited with code")
				.hasMessageContaining("no-such-directive");
	}

	private static void assertRefused(RedisServer redis) {
		assertThatThrownBy(() -> redis.execute("PING"))
				.isInstanceOf(UncheckedIOException.class)
				// Refused, or reset when the connect raced the dying process's listening socket.
				.hasRootCauseInstanceOf(SocketException.class)
				.hasMessageContaining("127.0.0.1:" + redis.port());
	}
}
