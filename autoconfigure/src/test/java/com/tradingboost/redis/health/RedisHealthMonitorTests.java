package com.tradingboost.redis.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;
import com.tradingboost.redis.testsupport.CommandStats;
import com.tradingboost.redis.testsupport.DedicatedRedisServer;
import com.tradingboost.redis.testsupport.RedisServer;
import com.tradingboost.redis.testsupport.RedisServerExtension;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettucePoolingClientConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(RedisServerExtension.class)
class RedisHealthMonitorTests {

	private static final Duration INTERVAL = Duration.ofMillis(300);

	private final RedisServer server;

	private TradingBoostLettuceConnectionFactory factory;

	private RedisHealthMonitor monitor;

	RedisHealthMonitorTests(@DedicatedRedisServer RedisServer server) {
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
	void checksRightAfterStartAndReadsTheServerFacts() {
		start(Duration.ofMinutes(10));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.monitor.getSnapshot().outcome() != RedisHealthSnapshot.Outcome.NOT_CHECKED);
		RedisHealthSnapshot snapshot = this.monitor.getSnapshot();
		assertThat(snapshot.outcome()).isEqualTo(RedisHealthSnapshot.Outcome.UP);
		assertThat(snapshot.latency()).isPositive();
		assertThat(snapshot.server().version()).isEqualTo(serverVersion());
		assertThat(snapshot.server().connectedClients()).isPositive();
		assertThat(snapshot.lastSuccessAt()).isEqualTo(snapshot.checkedAt());
	}

	@Test
	void checksEveryIntervalAndRecoversAfterAnOutage() {
		List<RedisHealthSnapshot> seen = new CopyOnWriteArrayList<>();
		this.factory = factory();
		this.monitor = new RedisHealthMonitor(this.factory, INTERVAL, Duration.ofMillis(500), Clock.systemUTC());
		this.monitor.addListener(seen::add);
		this.monitor.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() >= 3);
		this.server.stop();
		try {
			await().atMost(Duration.ofSeconds(5))
				.until(() -> this.monitor.getSnapshot().consecutiveFailures() >= 2);
			RedisHealthSnapshot down = this.monitor.getSnapshot();
			assertThat(down.outcome()).isEqualTo(RedisHealthSnapshot.Outcome.DOWN);
			assertThat(down.lastError()).isNotBlank();
			assertThat(down.server()).as("last known facts are kept").isNotNull();
		}
		finally {
			this.server.start();
		}
		await().atMost(Duration.ofSeconds(15))
			.until(() -> this.monitor.getSnapshot().outcome() == RedisHealthSnapshot.Outcome.UP);
		assertThat(this.monitor.getSnapshot().consecutiveFailures()).isZero();
	}

	@Test
	void aPausedServerFailsTheCheckWithinTheProbeTimeout() {
		start(Duration.ofMinutes(10));
		this.server.pause();
		try {
			RedisHealthSnapshot snapshot = this.monitor.checkNow();
			assertThat(snapshot.outcome()).isEqualTo(RedisHealthSnapshot.Outcome.DOWN);
			assertThat(snapshot.lastError()).contains("PING got no reply within 500 ms");
		}
		finally {
			this.server.resume();
		}
	}

	@Test
	void sendsOnePingPerIntervalAndInfoAtMostAsOften() throws Exception {
		start(INTERVAL);
		this.server.execute("CONFIG", "RESETSTAT");
		Thread.sleep(3000);
		CommandStats stats = CommandStats.of(this.server);
		long maxChecks = 3000 / INTERVAL.toMillis() + 2;
		assertThat(stats.calls("ping")).isBetween(3L, maxChecks);
		assertThat(stats.calls("info")).isBetween(1L, maxChecks);
		assertThat(stats.toString()).doesNotContain("cmdstat_get").doesNotContain("cmdstat_set");
	}


	@Test
	void readsInfoAtMostOncePerInterval() {
		start(Duration.ofMinutes(10));
		Instant firstFacts = this.monitor.getSnapshot().serverFactsAt();
		RedisHealthSnapshot again = this.monitor.checkNow();
		assertThat(again.checkedAt()).isAfter(firstFacts);
		assertThat(again.serverFactsAt()).isEqualTo(firstFacts);
	}

	@Test
	void aSnapshotOlderThanTwoIntervalsCountsAsDown() {
		start(Duration.ofMinutes(10));
		Instant checked = this.monitor.getSnapshot().checkedAt();
		RedisServerHealthIndicator fresh = indicator(Clock.fixed(checked.plusSeconds(60), ZoneOffset.UTC));
		RedisServerHealthIndicator stale = indicator(Clock.fixed(checked.plus(Duration.ofMinutes(21)), ZoneOffset.UTC));
		assertThat(fresh.health().getStatus()).isEqualTo(Status.UP);
		Health staleHealth = stale.health();
		assertThat(staleHealth.getStatus()).isEqualTo(Status.DOWN);
		assertThat(staleHealth.getDetails().get("reason").toString()).startsWith("no health check finished in the last");
	}

	@Test
	void latencyAboveTheThresholdIsReportedAsDegradedWhileStillUp() {
		start(Duration.ofMinutes(10));
		RedisServerHealthIndicator strict = new RedisServerHealthIndicator(this.monitor, this.factory, null,
				Duration.ofNanos(1), Clock.systemUTC());
		Health health = strict.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("degraded", true);
	}

	@Test
	void anOpenCircuitBreakerMakesRedisDown() {
		start(Duration.ofMinutes(10));
		RedisServerHealthIndicator withBreaker = new RedisServerHealthIndicator(this.monitor, this.factory,
				() -> new CircuitBreakerState("OPEN", 100f, Instant.now(), true), Duration.ofSeconds(1),
				Clock.systemUTC());
		Health health = withBreaker.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("circuit_state", "OPEN").containsEntry("reason", "circuit breaker OPEN");
	}

	@Test
	void aUserWhoMayNotRunInfoIsUpOnThePingAlone() {
		this.server.execute("ACL", "SETUSER", "health-check", "on", ">health-secret", "~*", "&*", "+@all", "-info");
		try {
			RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(this.server.host(),
					this.server.port());
			configuration.setUsername("health-check");
			configuration.setPassword("health-secret");
			this.factory = new TradingBoostLettuceConnectionFactory(configuration,
					LettucePoolingClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build(),
					Duration.ZERO);
			this.factory.afterPropertiesSet();
			this.monitor = new RedisHealthMonitor(this.factory, Duration.ofMinutes(10), Duration.ofMillis(500),
					Clock.systemUTC());
			this.monitor.start();
			await().atMost(Duration.ofSeconds(5))
				.until(() -> this.monitor.getSnapshot().outcome() != RedisHealthSnapshot.Outcome.NOT_CHECKED);
			RedisHealthSnapshot snapshot = this.monitor.getSnapshot();
			assertThat(snapshot.outcome()).isEqualTo(RedisHealthSnapshot.Outcome.UP);
			assertThat(snapshot.server()).isNull();
			assertThat(snapshot.serverFactsUnavailable()).contains("NOPERM");
			Health health = indicator(Clock.systemUTC()).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsKey("server_facts_unavailable").doesNotContainKey("version");
		}
		finally {
			this.server.execute("ACL", "DELUSER", "health-check");
		}
	}

	@Test
	void aStandaloneServerHasNoClusterOrSentinelFacts() {
		start(Duration.ofMinutes(10));
		assertThat(this.monitor.getSnapshot().cluster()).isNull();
		assertThat(this.monitor.getSnapshot().sentinel()).isNull();
		assertThat(indicator(Clock.systemUTC()).health().getDetails()).doesNotContainKeys("cluster", "sentinel",
				"server_facts_unavailable");
	}

	private RedisServerHealthIndicator indicator(Clock clock) {
		return new RedisServerHealthIndicator(this.monitor, this.factory, null, Duration.ofSeconds(1), clock);
	}

	private void start(Duration interval) {
		this.factory = factory();
		this.monitor = new RedisHealthMonitor(this.factory, interval, Duration.ofMillis(500), Clock.systemUTC());
		this.monitor.start();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.monitor.getSnapshot().outcome() == RedisHealthSnapshot.Outcome.UP);
	}

	private TradingBoostLettuceConnectionFactory factory() {
		RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(this.server.host(),
				this.server.port());
		TradingBoostLettuceConnectionFactory created = new TradingBoostLettuceConnectionFactory(configuration,
				LettucePoolingClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build(), Duration.ZERO);
		created.afterPropertiesSet();
		return created;
	}

	private String serverVersion() {
		return RedisServerFacts.parse((String) this.server.execute("INFO", "server")).version();
	}



}
