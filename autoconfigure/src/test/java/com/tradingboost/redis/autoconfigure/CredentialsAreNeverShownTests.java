package com.tradingboost.redis.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.tradingboost.redis.testsupport.LocalRedisServer;
import com.tradingboost.redis.testsupport.RedisServers;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ExtendWith(OutputCaptureExtension.class)
class CredentialsAreNeverShownTests {

	private static final String PASSWORD = "Pw-7f3a9c-never-shown";

	private static LocalRedisServer server;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(TradingBoostRedisAutoConfiguration.class, DataRedisAutoConfiguration.class));

	@BeforeAll
	static void startServerWithPassword() {
		server = RedisServers.startLocal("--requirepass", PASSWORD);
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void aPasswordInTheUrlWorksAndIsNeverLogged(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("tradingboost.redis.url=redis://:" + PASSWORD + "@" + server.host() + ":" + server.port())
			.run((context) -> {
				StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
				redis.opsForValue().set("secret-test", "ok");
				assertThat(redis.opsForValue().get("secret-test")).isEqualTo("ok");
			});
		assertThat(output).contains("Shared Redis connection factory: redis://:******@").doesNotContain(PASSWORD);
	}

	@Test
	void aWrongPasswordFailsWithoutShowingEitherPassword(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("tradingboost.redis.host=" + server.host(), "tradingboost.redis.port=" + server.port(),
					"tradingboost.redis.password=wrong-" + PASSWORD)
			.run((context) -> {
				StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
				assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> redis.opsForValue().get("any"))
					.satisfies((ex) -> assertThat(stackText(ex)).doesNotContain(PASSWORD));
			});
		assertThat(output).doesNotContain(PASSWORD);
	}

	@Test
	void environmentAliasesCarryThePasswordWithoutLoggingIt(CapturedOutput output) {
		Map<String, Object> env = Map.of("REDIS_HOST", server.host(), "REDIS_PORT", String.valueOf(server.port()),
				"REDIS_PASSWORD", PASSWORD);
		try (ConfigurableApplicationContext context = RedisPropertyAliasesEnvironmentPostProcessorTests.run(env)) {
			StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
			redis.opsForValue().set("alias-test", "via REDIS_* variables");
			assertThat(server.execute("GET", "alias-test")).isEqualTo("via REDIS_* variables");
		}
		assertThat(output).doesNotContain(PASSWORD);
	}

	private static String stackText(Throwable failure) {
		java.io.StringWriter text = new java.io.StringWriter();
		failure.printStackTrace(new java.io.PrintWriter(text));
		return text.toString();
	}

}
