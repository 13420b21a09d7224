package com.tradingboost.sample;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's own health group settings win over the starter's, and one property switches the groups off.
 * Redis is not needed here: both groups answer without it.
 */
class ProbeGroupSettingsHttpTests {

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "sample.local-redis.enabled=false", "tradingboost.redis.port=1",
					"management.endpoint.health.group.ready.include=readinessState" })
	class UserGroupSettings {

		@LocalServerPort
		private int port;

		@Test
		void theUsersIncludeWins() throws Exception {
			var ready = HttpJson.get(this.port, "/health/ready");
			assertThat(ready.statusCode()).isEqualTo(200);
			assertThat(ready.body()).contains("readinessState").doesNotContain("redis");
			assertThat(HttpJson.get(this.port, "/health/live").statusCode()).isEqualTo(200);
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "sample.local-redis.enabled=false", "tradingboost.redis.port=1",
					"tradingboost.redis.health.probe-groups=false" })
	class GroupsSwitchedOff {

		@LocalServerPort
		private int port;

		@Test
		void readyAndLiveAreGoneWhileBootsProbesRemain() throws Exception {
			assertThat(HttpJson.get(this.port, "/health/ready").statusCode()).isEqualTo(404);
			assertThat(HttpJson.get(this.port, "/health/live").statusCode()).isEqualTo(404);
			assertThat(HttpJson.get(this.port, "/health/liveness").statusCode()).isEqualTo(200);
			assertThat(HttpJson.get(this.port, "/health/readiness").statusCode()).isEqualTo(200);
		}

	}

}
