package com.tradingboost.redis.health;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;
import com.tradingboost.redis.health.RedisSentinelFacts.Replica;
import com.tradingboost.redis.testsupport.LocalRedisServer;
import com.tradingboost.redis.testsupport.RedisSentinelSet;
import com.tradingboost.redis.testsupport.RedisServer;
import com.tradingboost.redis.testsupport.RedisServerExtension;
import com.tradingboost.redis.testsupport.RedisServers;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(RedisServerExtension.class)
class RedisHealthMonitorSentinelTests {

	private static final Duration INTERVAL = Duration.ofMillis(300);

	private TradingBoostLettuceConnectionFactory factory;

	private RedisHealthMonitor monitor;

	@AfterEach
	void stop() {
		if (this.monitor != null) {
			this.monitor.stop();
		}
		if (this.factory != null) {
			this.factory.destroy();
		}
	}

	@Test
	void pingsTheMasterAndAsksASentinelForTheTopology(RedisSentinelSet sentinels) {
		start(sentinels, new CopyOnWriteArrayList<>());
		RedisHealthSnapshot snapshot = this.monitor.getSnapshot();
		assertThat(snapshot.server().role()).isEqualTo("master");
		RedisSentinelFacts facts = snapshot.sentinel();
		assertThat(facts.masterName()).isEqualTo(sentinels.masterName());
		assertThat(facts.master()).isEqualTo(address(sentinels.currentMaster()));
		assertThat(facts.masterFlags()).isEqualTo("master");
		assertThat(facts.replicas()).extracting(Replica::address).containsExactly(address(sentinels.replica()));
		assertThat(facts.quorum()).isEqualTo(2L);
		assertThat(facts.sentinelsKnown()).isEqualTo(3L);
		assertThat(facts.sentinelsDown()).isEmpty();
		assertThat(facts.unavailable()).isNull();
		assertThat(indicator().health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void sentinelsThatAreDownOrHangAreDetailsOnlyAndNeverDelayTheChecks() {
		try (RedisSentinelSet sentinels = RedisServers.startSentinelSet()) {
			List<RedisHealthSnapshot> seen = new CopyOnWriteArrayList<>();
			start(sentinels, seen);
			LocalRedisServer first = sentinels.sentinels().get(0);
			first.stop();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.monitor.getSnapshot().sentinel().sentinelsDown().contains(address(first)));
			assertThat(indicator().health().getStatus()).isEqualTo(Status.UP);

			List<LocalRedisServer> others = sentinels.sentinels().subList(1, 3);
			others.forEach(LocalRedisServer::pause);
			try {
				int checksBefore = seen.size();
				await().atMost(Duration.ofSeconds(4)).until(() -> seen.size() >= checksBefore + 5);
				await().atMost(Duration.ofSeconds(15))
					.until(() -> this.monitor.getSnapshot().sentinel().unavailable() != null);
				assertThat(seen.subList(checksBefore, seen.size()))
					.allMatch((snapshot) -> snapshot.outcome() == RedisHealthSnapshot.Outcome.UP);
				Health health = indicator().health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsKey("latency_ms");
			}
			finally {
				others.forEach(LocalRedisServer::resume);
			}
		}
	}

	@Test
	void afterAFailoverTheFactsNameTheNewMaster() {
		try (RedisSentinelSet sentinels = RedisServers.startSentinelSet()) {
			List<RedisHealthSnapshot> seen = new CopyOnWriteArrayList<>();
			start(sentinels, seen);
			LocalRedisServer old = sentinels.master();
			old.kill();
			LocalRedisServer promoted = sentinels.awaitFailover(old, Duration.ofSeconds(30));
			await().atMost(Duration.ofSeconds(15)).until(() -> {
				RedisHealthSnapshot snapshot = this.monitor.getSnapshot();
				return snapshot.outcome() == RedisHealthSnapshot.Outcome.UP && snapshot.sentinel() != null
						&& address(promoted).equals(snapshot.sentinel().master());
			});
			assertThat(seen).as("a failed check asks the sentinels, who see the old master down or already name the new one")
				.anyMatch((snapshot) -> snapshot.outcome() == RedisHealthSnapshot.Outcome.DOWN
						&& (String.valueOf(snapshot.sentinel().masterFlags()).contains("_down")
								|| address(promoted).equals(snapshot.sentinel().master())));
			assertThat(indicator().health().getStatus()).isEqualTo(Status.UP);
		}
	}

	private void start(RedisSentinelSet sentinels, List<RedisHealthSnapshot> seen) {
		RedisSentinelConfiguration configuration = new RedisSentinelConfiguration();
		configuration.master(sentinels.masterName());
		sentinels.sentinelEndpoints().forEach((endpoint) -> {
			int colon = endpoint.lastIndexOf(':');
			configuration.sentinel(endpoint.substring(0, colon), Integer.parseInt(endpoint.substring(colon + 1)));
		});
		this.factory = new TradingBoostLettuceConnectionFactory(configuration,
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build(), Duration.ofSeconds(1));
		this.factory.afterPropertiesSet();
		this.factory.start();
		this.monitor = new RedisHealthMonitor(this.factory, INTERVAL, Duration.ofMillis(500), Clock.systemUTC());
		this.monitor.addListener(seen::add);
		this.monitor.start();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.monitor.getSnapshot().outcome() == RedisHealthSnapshot.Outcome.UP
					&& this.monitor.getSnapshot().sentinel() != null);
	}

	private RedisServerHealthIndicator indicator() {
		return new RedisServerHealthIndicator(this.monitor, this.factory, null, Duration.ofSeconds(1),
				Clock.systemUTC());
	}

	private static String address(RedisServer server) {
		return server.host() + ":" + server.port();
	}

}
