package com.tradingboost.redis.health;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;
import com.tradingboost.redis.testsupport.DedicatedRedisServer;
import com.tradingboost.redis.testsupport.RedisServer;
import com.tradingboost.redis.testsupport.RedisServerExtension;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettucePoolingClientConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The monitor follows Redis within about a second in both directions although its interval is ten minutes: it
 * checks every failed-check interval while down, and a lost connection or a failure a caller saw brings the next
 * check forward. Each test would wait for the ten-minute interval without that.
 */
@ExtendWith({ RedisServerExtension.class, OutputCaptureExtension.class })
class RedisHealthMonitorFollowsRedisTests {

	private static final Duration LONG_INTERVAL = Duration.ofMinutes(10);

	private static final Duration WITHIN = Duration.ofSeconds(5);

	private final RedisServer server;

	private TradingBoostLettuceConnectionFactory factory;

	private RedisHealthMonitor monitor;

	RedisHealthMonitorFollowsRedisTests(@DedicatedRedisServer RedisServer server) {
		this.server = server;
	}

	@AfterEach
	void stop() {
		if (this.monitor != null) {
			this.monitor.stop();
		}
		if (this.factory != null) {
			this.factory.destroy();
		}
		this.server.restore();
	}

	@Test
	void turnsUpAboutASecondAfterRedisComesBackWhenItWasDownAtStart() {
		this.server.stop();
		try {
			start(null, null);
			assertThat(this.monitor.getSnapshot().outcome()).isEqualTo(RedisHealthSnapshot.Outcome.DOWN);
		}
		finally {
			this.server.start();
		}
		long back = System.nanoTime();
		await().atMost(WITHIN).until(() -> outcome() == RedisHealthSnapshot.Outcome.UP);
		report("down at start, back: UP after", back);
	}

	@Test
	void followsAKilledServerDownAndBackUp() {
		start(null, null);
		await().atMost(WITHIN).until(() -> outcome() == RedisHealthSnapshot.Outcome.UP);
		this.server.kill();
		long killed = System.nanoTime();
		try {
			await().atMost(WITHIN).until(() -> outcome() == RedisHealthSnapshot.Outcome.DOWN);
			report("killed: DOWN after", killed);
		}
		finally {
			this.server.start();
		}
		long back = System.nanoTime();
		await().atMost(WITHIN).until(() -> outcome() == RedisHealthSnapshot.Outcome.UP);
		report("restarted: UP after", back);
	}

	@Test
	void aFailureACallerSawChecksAtOnce() {
		start(null, null);
		await().atMost(WITHIN).until(() -> outcome() == RedisHealthSnapshot.Outcome.UP);
		this.server.pause();
		try {
			// As a caller would on every failed command; only checks older than the failed-check interval are
			// brought forward.
			await().atMost(WITHIN).pollInterval(Duration.ofMillis(100)).until(() -> {
				this.monitor.failureObserved();
				return outcome() == RedisHealthSnapshot.Outcome.DOWN;
			});
			assertThat(this.monitor.getSnapshot().lastError()).contains("PING got no reply within 500 ms");
		}
		finally {
			this.server.resume();
		}
		await().atMost(WITHIN).until(() -> outcome() == RedisHealthSnapshot.Outcome.UP);
	}

	@Test
	void refusedCredentialsAreNamedInOneErrorAndReportedAsAuthenticationFailed(CapturedOutput output) {
		this.server.execute("ACL", "SETUSER", "auth-check", "on", ">right-secret", "~*", "&*", "+@all");
		try {
			start("auth-check", "wrong-secret");
			this.monitor.setFailedCheckInterval(Duration.ofMillis(100));
			await().atMost(WITHIN).until(() -> this.monitor.getSnapshot().consecutiveFailures() >= 3);
			RedisHealthSnapshot snapshot = this.monitor.getSnapshot();
			assertThat(snapshot.authenticationFailed()).isTrue();
			assertThat(snapshot.lastError()).startsWith("WRONGPASS");
			Health health = new RedisServerHealthIndicator(this.monitor, this.factory, null, Duration.ofSeconds(1),
					Clock.systemUTC())
				.health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("reason", "authentication failed");
			assertThat(Arrays.stream(output.getOut().split("\n")).filter((line) -> line.contains(" ERROR ")))
				.singleElement()
				.satisfies((line) -> assertThat(line).contains("Redis refused the credentials (WRONGPASS")
					.contains("check tradingboost.redis.password (set by TEST_HINT)"));
			assertThat(output.getOut()).doesNotContain("Redis health check failed").doesNotContain("wrong-secret");
		}
		finally {
			this.server.execute("ACL", "DELUSER", "auth-check");
		}
	}

	private RedisHealthSnapshot.Outcome outcome() {
		return this.monitor.getSnapshot().outcome();
	}

	private void start(String username, String password) {
		RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(this.server.host(),
				this.server.port());
		if (password != null) {
			configuration.setUsername(username);
			configuration.setPassword(password);
		}
		this.factory = new TradingBoostLettuceConnectionFactory(configuration,
				LettucePoolingClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build(), Duration.ZERO);
		this.factory.afterPropertiesSet();
		this.monitor = new RedisHealthMonitor(this.factory, LONG_INTERVAL, Duration.ofMillis(500), Clock.systemUTC());
		this.monitor.setCredentialsHint("tradingboost.redis.password (set by TEST_HINT)");
		this.monitor.start();
	}

	private static void report(String what, long sinceNanos) {
		System.out.println("[measured] " + what + " " + Duration.ofNanos(System.nanoTime() - sinceNanos).toMillis()
				+ " ms");
	}

}
