package com.example.gettingstarted;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.tradingboost.redis.testsupport.RedisServer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An application as start.spring.io makes it (Web) with the starter added: no code, only the properties it is given,
 * not the sample's {@code application.properties} or its {@code dev} profile.
 */
@SpringBootApplication
public class GettingStartedApplication {

	/**
	 * Starts the application on a free port with the given properties, its Redis host and port replaced by a
	 * fixture server's.
	 * @param redis the server to use
	 * @param properties the application's properties
	 * @return the running application
	 */
	public static ConfigurableApplicationContext run(RedisServer redis, Map<String, String> properties) {
		List<String> args = new ArrayList<>(List.of("--spring.config.name=getting-started", "--server.port=0"));
		properties.forEach((name, value) -> args.add("--" + name + "=" + switch (name) {
			case "spring.data.redis.host" -> redis.host();
			case "spring.data.redis.port" -> String.valueOf(redis.port());
			default -> value;
		}));
		return SpringApplication.run(GettingStartedApplication.class, args.toArray(String[]::new));
	}

}
