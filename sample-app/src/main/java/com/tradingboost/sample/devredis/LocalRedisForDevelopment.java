package com.tradingboost.sample.devredis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.tradingboost.redis.testsupport.LocalRedisServer;
import com.tradingboost.redis.testsupport.RedisClusterServers;
import com.tradingboost.redis.testsupport.RedisSentinelSet;
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
 * In the {@code dev} profile, starts a local Redis server when nothing answers at the configured address, or the
 * Sentinel set or cluster asked for with {@code sample.local-redis.topology}, so the sample runs on a machine with
 * only a JDK; the servers stop with the application.
 */
public final class LocalRedisForDevelopment implements EnvironmentPostProcessor, Ordered {

	/** Which local Redis to start: {@code standalone} (default), {@code sentinel} or {@code cluster}. */
	public static final String TOPOLOGY_PROPERTY = "sample.local-redis.topology";

	private static final String PROPERTY_SOURCE = "localRedisForDevelopment";

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
		String topology = environment.getProperty(TOPOLOGY_PROPERTY, "standalone").trim().toLowerCase(Locale.ROOT);
		switch (topology) {
			case "standalone" -> standalone(environment, application);
			case "sentinel" -> sentinel(environment, application);
			case "cluster" -> cluster(environment, application);
			default -> throw new IllegalStateException(TOPOLOGY_PROPERTY + " must be standalone, sentinel or cluster, not '"
					+ environment.getProperty(TOPOLOGY_PROPERTY) + "'");
		}
	}

	private void standalone(ConfigurableEnvironment environment, SpringApplication application) {
		String host = environment.getProperty("tradingboost.redis.host", "localhost");
		int port = environment.getProperty("tradingboost.redis.port", Integer.class, 6379);
		if (environment.containsProperty("tradingboost.redis.url") || answers(host, port)) {
			return;
		}
		LocalRedisServer server = RedisServers.startLocal();
		this.logger.info("No Redis answered at " + host + ":" + port + "; dev profile started " + server.source()
				+ " at " + server.url() + " (stopped when the application stops)");
		use(environment, application, server,
				Map.of("tradingboost.redis.host", server.host(), "tradingboost.redis.port", server.port()));
		// Lets the dev-only POST /dev/redis/stop and /start (DevRedisController) control this server, and no other.
		application.addInitializers((context) -> context.getBeanFactory().registerSingleton("localRedisServer", server));
	}

	private void sentinel(ConfigurableEnvironment environment, SpringApplication application) {
		RedisSentinelSet sentinels = RedisServers.startSentinelSet();
		this.logger.info("dev profile started a Redis Sentinel set (" + TOPOLOGY_PROPERTY + "=sentinel): master '"
				+ sentinels.masterName() + "' at " + describe(sentinels.master()) + ", replica at "
				+ describe(sentinels.replica()) + ", sentinels " + sentinels.sentinelEndpoints()
				+ " (stopped when the application stops; kill -9 the master's pid to watch a failover)");
		use(environment, application, sentinels,
				Map.of("tradingboost.redis.sentinel.master", sentinels.masterName(), "tradingboost.redis.sentinel.nodes",
						String.join(",", sentinels.sentinelEndpoints())));
	}

	private void cluster(ConfigurableEnvironment environment, SpringApplication application) {
		RedisClusterServers cluster = RedisServers.startCluster();
		List<LocalRedisServer> masters = cluster.masters();
		this.logger.info("dev profile started a Redis cluster (" + TOPOLOGY_PROPERTY + "=cluster): masters "
				+ masters.stream().map(LocalRedisForDevelopment::describe).collect(Collectors.joining(", "))
				+ ", replicas " + cluster.replicas().stream().map(LocalRedisForDevelopment::describe)
					.collect(Collectors.joining(", "))
				+ " (stopped when the application stops; kill -9 a master's pid to watch a failover)");
		use(environment, application, cluster,
				Map.of("tradingboost.redis.cluster.nodes", String.join(",", cluster.seedEndpoints())));
	}

	/** Puts the connection settings before every other property source and ties the servers to the application. */
	private static void use(ConfigurableEnvironment environment, SpringApplication application, AutoCloseable servers,
			Map<String, Object> properties) {
		environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, properties));
		// Registered first, so destroyed last: after the connection factory has closed its connections.
		application.addInitializers((context) -> ((DefaultListableBeanFactory) context.getBeanFactory())
			.registerDisposableBean(PROPERTY_SOURCE, servers::close));
		application.addListeners(new StopServersOnFailure(servers));
	}

	private static String describe(LocalRedisServer server) {
		return server.host() + ":" + server.port() + server.pid().stream().mapToObj((pid) -> " (pid " + pid + ")")
			.findFirst()
			.orElse("");
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

	private record StopServersOnFailure(AutoCloseable servers) implements ApplicationListener<ApplicationFailedEvent> {

		@Override
		public void onApplicationEvent(ApplicationFailedEvent event) {
			try {
				this.servers.close();
			}
			catch (Exception ex) {
				event.getException().addSuppressed(ex);
			}
		}

	}

}
