package com.tradingboost.sample;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.tradingboost.redis.testsupport.RedisServer;
import com.tradingboost.redis.testsupport.RedisServerExtension;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample finds Redis through the environment variables its Kubernetes manifest sets.
 */
@ExtendWith(RedisServerExtension.class)
class DeploymentEnvironmentTests {

	@Test
	void redisHostAndPortFromTheEnvironmentReachTheServer(RedisServer redis) throws Exception {
		Map<String, Object> env = new java.util.HashMap<>(Map.of("SPRING_PROFILES_ACTIVE", "prod", "REDIS_HOST",
				redis.host(), "REDIS_PORT", String.valueOf(redis.port()), "REDIS_DB", String.valueOf(redis.database())));
		redis.password().ifPresent((password) -> env.put("REDIS_PASSWORD", password));
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
		SpringApplication application = new SpringApplication(SampleApplication.class);
		application.setEnvironment(environment);
		try (ConfigurableApplicationContext context = application.run("--server.port=0")) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			assertThat(HttpJson.put(port, "/users/k8s/settings", "{\"theme\":\"dark\"}").statusCode()).isEqualTo(200);
			assertThat(redis.execute("HGET", "user:settings:k8s", "theme")).isEqualTo("dark");
			assertThat(HttpJson.get(port, "/health/ready").statusCode()).isEqualTo(200);
		}
	}

}
