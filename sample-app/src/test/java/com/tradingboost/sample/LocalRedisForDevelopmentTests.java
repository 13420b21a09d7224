package com.tradingboost.sample;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's run command works on a machine with no Redis: the dev profile starts one and stops it on exit.
 */
@ExtendWith(OutputCaptureExtension.class)
class LocalRedisForDevelopmentTests {

	@Test
	void devProfileStartsALocalRedisWhenNoneAnswersAndStopsItWithTheApp(CapturedOutput output) throws Exception {
		int silentPort = freePort();
		int redisPort;
		try (ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class,
				"--server.port=0", "--tradingboost.redis.port=" + silentPort)) {
			redisPort = context.getEnvironment().getRequiredProperty("tradingboost.redis.port", Integer.class);
			assertThat(redisPort).isNotEqualTo(silentPort);
			assertThat(output).contains("No Redis answered at localhost:" + silentPort + "; dev profile started");
			int httpPort = ((WebServerApplicationContext) context).getWebServer().getPort();
			assertThat(HttpJson.put(httpPort, "/users/dev/settings", "{\"theme\":\"dark\"}").statusCode())
				.isEqualTo(200);
			assertThat(HttpJson.get(httpPort, "/users/dev/settings").body()).contains("\"theme\":\"dark\"");
			assertThat(DevRedisHttpTests.post(httpPort, "/dev/redis/stop").statusCode()).isEqualTo(200);
			assertThat(answers(redisPort)).isFalse();
			assertThat(DevRedisHttpTests.post(httpPort, "/dev/redis/start").statusCode()).isEqualTo(200);
			assertThat(answers(redisPort)).isTrue();
		}
		assertThat(answers(redisPort)).as("local Redis stopped with the application").isFalse();
	}

	@Test
	void otherProfilesNeverStartARedis(CapturedOutput output) {
		int silentPort = freePort();
		try (ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class,
				"--server.port=0", "--spring.profiles.active=prod", "--tradingboost.redis.port=" + silentPort)) {
			assertThat(context.getEnvironment().getRequiredProperty("tradingboost.redis.port", Integer.class))
				.isEqualTo(silentPort);
		}
		assertThat(output).doesNotContain("dev profile started");
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static boolean answers(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
