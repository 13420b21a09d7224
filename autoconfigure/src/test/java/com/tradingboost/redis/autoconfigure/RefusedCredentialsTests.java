package com.tradingboost.redis.autoconfigure;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.tradingboost.redis.health.RedisHealthMonitor;
import com.tradingboost.redis.testsupport.DedicatedRedisServer;
import com.tradingboost.redis.testsupport.RedisServer;
import com.tradingboost.redis.testsupport.RedisServerExtension;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A wrong password or user name is named at start-up in one ERROR line with the property (or variable) it came
 * from, and health says "authentication failed", instead of every request saying "Unable to connect to Redis".
 */
@ExtendWith({ RedisServerExtension.class, OutputCaptureExtension.class })
class RefusedCredentialsTests {

	private final RedisServer server;

	RefusedCredentialsTests(@DedicatedRedisServer RedisServer server) {
		this.server = server;
	}

	@Test
	void aWrongPasswordFromTheEnvironmentIsNamedOnceAtStartUp(CapturedOutput output) {
		this.server.execute("ACL", "SETUSER", "orders-app", "on", ">right-secret", "~*", "&*", "+@all");
		try (ConfigurableApplicationContext context = run(Map.of("REDIS_PASSWORD", "wrong-secret"),
				"--tradingboost.redis.host=" + this.server.host(), "--tradingboost.redis.port=" + this.server.port(),
				"--tradingboost.redis.username=orders-app", "--tradingboost.redis.circuit-breaker.probe-interval=100ms")) {
			RedisHealthMonitor monitor = context.getBean(RedisHealthMonitor.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> monitor.getSnapshot().consecutiveFailures() >= 3);
			HealthIndicator indicator = (HealthIndicator) context
				.getBean("redisHealthContributor", CompositeHealthContributor.class)
				.getContributor("server");
			// Lettuce now and then reports a refused handshake as "Connection closed prematurely"; a later check says why.
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				Health server = indicator.health();
				assertThat(server.getStatus().getCode()).isEqualTo("DOWN");
				assertThat(server.getDetails()).containsEntry("reason", "authentication failed");
				assertThat(server.getDetails().get("last_error").toString()).startsWith("WRONGPASS");
			});
		}
		finally {
			this.server.execute("ACL", "DELUSER", "orders-app");
		}
		assertThat(Arrays.stream(output.getOut().split("\n"))
			.filter((line) -> line.contains(" ERROR ") && line.contains("c.t.redis.")))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("Redis refused the credentials (WRONGPASS")
				.contains("check tradingboost.redis.username and tradingboost.redis.password")
				.contains("username set by tradingboost.redis.username, password set by REDIS_PASSWORD"));
		assertThat(output.getOut()).doesNotContain("wrong-secret").doesNotContain("right-secret");
	}

	private static ConfigurableApplicationContext run(Map<String, Object> systemEnvironment, String... args) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
							new HashMap<>(systemEnvironment)));
		SpringApplication application = new SpringApplication(HealthApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setEnvironment(environment);
		return application.run(args);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ TradingBoostRedisAutoConfiguration.class, TradingBoostRedisHealthAutoConfiguration.class,
			DataRedisAutoConfiguration.class })
	static class HealthApplication {

	}

}
