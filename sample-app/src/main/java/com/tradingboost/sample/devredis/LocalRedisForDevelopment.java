package com.tradingboost.sample.devredis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;

import com.tradingboost.redis.testsupport.LocalRedisServer;
import com.tradingboost.redis.testsupport.RedisServers;
import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * In the {@code dev} profile, starts a local Redis server when nothing answers at the configured address, so the
 * sample runs on a machine with only a JDK; the server stops with the application.
 */
public final class LocalRedisForDevelopment implements EnvironmentPostProcessor, Ordered {

	private static final int CONNECT_TIMEOUT_MILLIS = 500;

	private final Log logger;

	public LocalRedisForDevelopment(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(LocalRedisForDevelopment.class);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.acceptsProfiles(Profiles.of("dev"))
				|| !environment.getProperty("sample.local-redis.enabled", Boolean.class, true)) {
			return;
		}
		String host = environment.getProperty("tradingboost.redis.host", "localhost");
		int port = environment.getProperty("tradingboost.redis.port", Integer.class, 6379);
		if (environment.containsProperty("tradingboost.redis.url") || answers(host, port)) {
			return;
		}
		LocalRedisServer server = RedisServers.startLocal();
		this.logger.info("No Redis answered at " + host + ":" + port + "; dev profile started " + server.source()
				+ " at " + server.url() + " (stopped when the application stops)");
		environment.getPropertySources()
			.addFirst(new MapPropertySource("localRedisForDevelopment",
					Map.of("tradingboost.redis.host", server.host(), "tradingboost.redis.port", server.port())));
		// Registered first, so destroyed last: after the connection factory has closed its connections.
		application.addInitializers((context) -> ((DefaultListableBeanFactory) context.getBeanFactory())
			.registerDisposableBean("localRedisForDevelopment", server::close));
		application.addListeners(new StopServerOnFailure(server));
	}

	private static boolean answers(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private record StopServerOnFailure(LocalRedisServer server) implements ApplicationListener<ApplicationFailedEvent> {

		@Override
		public void onApplicationEvent(ApplicationFailedEvent event) {
			this.server.close();
		}

	}

}
