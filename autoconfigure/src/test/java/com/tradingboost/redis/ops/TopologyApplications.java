package com.tradingboost.redis.ops;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.tradingboost.redis.testsupport.RedisClusterServers;
import com.tradingboost.redis.testsupport.RedisSentinelSet;
import com.tradingboost.redis.testsupport.RedisServer;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One application per {@link Topology}, started once per test class. The Sentinel set and the cluster are shared by
 * the whole run: tests write under a {@link #prefix() prefix} of their own and never flush them.
 *
 * <pre>{@code
 * class BatchesTests extends TopologyIntegrationTests {     // starts and closes the applications
 *     @ParameterizedTest
 *     @EnumSource(Topology.class)
 *     void works(Topology topology) {
 *         RedisBatches<String, String> batches = applications.bean(topology, RedisBatches.class);
 *         String key = TopologyApplications.prefix() + "k";
 *         applications.serverFor(topology, key).execute("GET", key);
 *     }
 * }
 * }</pre>
 */
final class TopologyApplications implements AutoCloseable {

	private final Map<Topology, ConfigurableApplicationContext> contexts = new EnumMap<>(Topology.class);

	private final RedisServer standalone;

	private final RedisSentinelSet sentinels;

	private final RedisClusterServers cluster;

	private TopologyApplications(RedisServer standalone, RedisSentinelSet sentinels, RedisClusterServers cluster) {
		this.standalone = standalone;
		this.sentinels = sentinels;
		this.cluster = cluster;
	}

	/**
	 * Starts one application of every topology.
	 * @param standalone a server of the test class's own
	 * @param sentinels the shared Sentinel set
	 * @param cluster the shared cluster
	 * @param args more application arguments, for every topology
	 * @return the applications
	 */
	static TopologyApplications start(RedisServer standalone, RedisSentinelSet sentinels, RedisClusterServers cluster,
			String... args) {
		TopologyApplications applications = new TopologyApplications(standalone, sentinels, cluster);
		try {
			for (Topology topology : Topology.values()) {
				applications.contexts.put(topology, run(applications.connectionArguments(topology), args));
			}
			return applications;
		}
		catch (RuntimeException ex) {
			applications.close();
			throw ex;
		}
	}

	/** The arguments that point an application at a topology's servers. */
	List<String> connectionArguments(Topology topology) {
		return switch (topology) {
			case STANDALONE -> List.of("--tradingboost.redis.host=" + this.standalone.host(),
					"--tradingboost.redis.port=" + this.standalone.port());
			case SENTINEL -> List.of("--tradingboost.redis.sentinel.master=" + this.sentinels.masterName(),
					"--tradingboost.redis.sentinel.nodes=" + String.join(",", this.sentinels.sentinelEndpoints()));
			case CLUSTER -> List.of("--tradingboost.redis.cluster.nodes=" + String.join(",", this.cluster.seedEndpoints()));
		};
	}

	/**
	 * Starts another application against a topology, for a test that needs other settings; the caller closes it.
	 * @param topology the topology
	 * @param args more application arguments
	 * @return the running application
	 */
	ConfigurableApplicationContext startAnother(Topology topology, String... args) {
		return run(connectionArguments(topology), args);
	}

	ConfigurableApplicationContext context(Topology topology) {
		return this.contexts.get(topology);
	}

	@SuppressWarnings("unchecked")
	<T> T bean(Topology topology, Class<? super T> type) {
		return (T) context(topology).getBean(type);
	}

	/** The server that holds a key, to check what the application did without going through it. */
	RedisServer serverFor(Topology topology, String key) {
		return switch (topology) {
			case STANDALONE -> this.standalone;
			case SENTINEL -> this.sentinels.currentMaster();
			case CLUSTER -> this.cluster.masterForKey(key);
		};
	}

	/** Every server that holds keys of a topology. */
	List<? extends RedisServer> masters(Topology topology) {
		return switch (topology) {
			case STANDALONE -> List.of(this.standalone);
			case SENTINEL -> List.of(this.sentinels.currentMaster());
			case CLUSTER -> this.cluster.masters();
		};
	}

	RedisServer standalone() {
		return this.standalone;
	}

	RedisSentinelSet sentinels() {
		return this.sentinels;
	}

	RedisClusterServers cluster() {
		return this.cluster;
	}

	/** A key prefix no other test uses, so tests never need to flush the shared servers. */
	static String prefix() {
		return "t-" + UUID.randomUUID().toString().substring(0, 8) + ":";
	}

	@Override
	public void close() {
		this.contexts.values().forEach(ConfigurableApplicationContext::close);
		this.contexts.clear();
	}

	private static ConfigurableApplicationContext run(List<String> connection, String... args) {
		List<String> all = new ArrayList<>(connection);
		all.add("--spring.main.banner-mode=off");
		all.addAll(List.of(args));
		return new SpringApplicationBuilder(TopologyTestApplication.class).web(WebApplicationType.NONE)
			.run(all.toArray(String[]::new));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TopologyTestApplication {

	}

}
