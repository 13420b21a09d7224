package com.tradingboost.redis.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.tradingboost.redis.testsupport.DedicatedRedisServer;
import com.tradingboost.redis.testsupport.RedisServer;
import com.tradingboost.redis.testsupport.RedisServerExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

@ExtendWith(RedisServerExtension.class)
class StartupWithoutRedisTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(TradingBoostRedisAutoConfiguration.class, DataRedisAutoConfiguration.class));

	@Test
	void startsWhileRedisIsDownAndServesOnceItIsUp(@DedicatedRedisServer RedisServer server) {
		String name = RedisTestProperties.uniqueClientName();
		server.stop();
		try {
			this.contextRunner.withPropertyValues(RedisTestProperties.of(server, name)).run((context) -> {
				assertThat(context).hasNotFailed();
				StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
				assertThatExceptionOfType(RedisConnectionFailureException.class)
					.isThrownBy(() -> redis.opsForValue().get(name + ":k"));
				server.start();
				await().atMost(Duration.ofSeconds(10))
					.ignoreExceptionsInstanceOf(RedisConnectionFailureException.class)
					.untilAsserted(() -> {
						redis.opsForValue().set(name + ":k", "back");
						assertThat(redis.opsForValue().get(name + ":k")).isEqualTo("back");
					});
			});
		}
		finally {
			server.start();
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> RedisTestProperties.connectionsNamed(server, name) == 0);
	}

	@Test
	void reconnectsAfterRedisIsKilledAndRestartedAndRejectsCommandsMeanwhile(@DedicatedRedisServer RedisServer server) {
		String name = RedisTestProperties.uniqueClientName();
		this.contextRunner.withPropertyValues(RedisTestProperties.of(server, name)).run((context) -> {
			StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
			redis.opsForValue().set(name + ":k", "before");
			server.kill();
			try {
				await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThatExceptionOfType(
						org.springframework.dao.DataAccessException.class)
					.isThrownBy(() -> redis.opsForValue().get(name + ":k"))
					.satisfies((ex) -> assertThat(ex).hasStackTraceContaining("Commands are rejected")));
			}
			finally {
				server.start();
			}
			await().atMost(Duration.ofSeconds(15))
				.ignoreExceptionsInstanceOf(org.springframework.dao.DataAccessException.class)
				.untilAsserted(() -> {
					redis.opsForValue().set(name + ":k", "after");
					assertThat(redis.opsForValue().get(name + ":k")).isEqualTo("after");
				});
		});
	}

}
