package com.tradingboost.redis.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A Redis Sentinel deployment of child processes on 127.0.0.1: one master, one replica and three sentinels (quorum 2)
 * that consider the master down after 1 s without an answer and fail over within a few seconds.
 *
 * <pre>{@code
 * try (RedisSentinelSet sentinels = RedisServers.startSentinelSet()) {
 *     // spring.data.redis.sentinel.master = sentinels.masterName()
 *     // spring.data.redis.sentinel.nodes  = String.join(",", sentinels.sentinelEndpoints())
 *     sentinels.master().kill();
 *     LocalRedisServer promoted = sentinels.awaitFailover(sentinels.master(), Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p>Every process is a {@link LocalRedisServer} with the same guarantees: nothing is persisted, its work directory
 * is deleted on close, a shutdown hook closes it if the caller does not, and a watchdog kills it if the JVM dies
 * abruptly. Tests may stop, kill, pause and restart any of them; {@link #close()} ends all five.
 */
public final class RedisSentinelSet implements AutoCloseable {

	/** The master name the sentinels monitor unless another one is given. */
	public static final String DEFAULT_MASTER_NAME = "mymaster";

	private static final int SENTINELS = 3;
	private static final int QUORUM = 2;
	private static final int DOWN_AFTER_MILLIS = 1000;
	private static final int FAILOVER_TIMEOUT_MILLIS = 3000;
	private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
	// Redis 7 delays a diskless full sync by 5 s by default, waiting for more replicas to share it.
	private static final List<String> DATA_NODE_ARGS = List.of("--repl-diskless-sync-delay", "0");

	private final String masterName;
	private final LocalRedisServer master;
	private final LocalRedisServer replica;
	private final List<LocalRedisServer> sentinels;

	private RedisSentinelSet(String masterName, LocalRedisServer master, LocalRedisServer replica,
			List<LocalRedisServer> sentinels) {
		this.masterName = masterName;
		this.master = master;
		this.replica = replica;
		this.sentinels = List.copyOf(sentinels);
	}

	/** Starts the data nodes, then the sentinels, and returns once {@link #awaitReady(Duration)} passes. */
	static RedisSentinelSet launch(RedisBinary binary, String masterName) {
		if (masterName.isBlank() || masterName.chars().anyMatch(Character::isWhitespace)) {
			throw new IllegalArgumentException("master name must be one word, got '" + masterName + "'");
		}
		List<LocalRedisServer> started = new ArrayList<>();
		try {
			LocalRedisServer master = LocalRedisServer.launch(binary, DATA_NODE_ARGS);
			started.add(master);
			List<String> replicaArgs = new ArrayList<>(DATA_NODE_ARGS);
			replicaArgs.addAll(List.of("--replicaof", master.host(), Integer.toString(master.port())));
			LocalRedisServer replica = LocalRedisServer.launch(binary, replicaArgs);
			started.add(replica);
			// Synced before the sentinels start, so their first INFO of the master already lists the replica.
			Polling.until("replica " + replica.url() + " to sync with " + master.url(), START_TIMEOUT,
					() -> replica.requireInfo("replication", "master_link_status", "up"));
			List<LocalRedisServer> sentinels = new ArrayList<>();
			String config = sentinelConfig(masterName, master);
			for (int i = 0; i < SENTINELS; i++) {
				LocalRedisServer sentinel = LocalRedisServer.launch(binary, config, List.of("--sentinel"));
				started.add(sentinel);
				sentinels.add(sentinel);
			}
			RedisSentinelSet set = new RedisSentinelSet(masterName, master, replica, sentinels);
			set.awaitReady(START_TIMEOUT);
			return set;
		} catch (RuntimeException e) {
			Collections.reverse(started);
			LocalRedisServer.closeAll(started, e);
			throw e;
		}
	}

	/** The name the sentinels monitor the master under, for {@code spring.data.redis.sentinel.master}. */
	public String masterName() {
		return masterName;
	}

	/** The sentinels as {@code 127.0.0.1:port}, for {@code spring.data.redis.sentinel.nodes}. */
	public List<String> sentinelEndpoints() {
		return sentinels.stream().map(sentinel -> sentinel.endpoint().address()).toList();
	}

	/** The data node started as master; after a failover it is down or a replica, see {@link #currentMaster()}. */
	public LocalRedisServer master() {
		return master;
	}

	/** The data node started as replica of {@link #master()}; the one a failover promotes. */
	public LocalRedisServer replica() {
		return replica;
	}

	/** The three sentinel processes. */
	public List<LocalRedisServer> sentinels() {
		return sentinels;
	}

	/**
	 * The data node the first answering sentinel names for {@code SENTINEL GET-MASTER-ADDR-BY-NAME}.
	 *
	 * @throws IllegalStateException if no sentinel answers
	 */
	public LocalRedisServer currentMaster() {
		RuntimeException lastFailure = null;
		for (LocalRedisServer sentinel : runningSentinels()) {
			try {
				return dataNode(reportedMasterPort(sentinel));
			} catch (RuntimeException e) {
				lastFailure = e;
			}
		}
		throw new IllegalStateException("No sentinel of '" + masterName + "' answers", lastFailure);
	}

	/**
	 * Waits until every sentinel agrees on a master, sees it up, sees the other data node as a replica linked to it
	 * and sees the two other sentinels; {@link RedisServers#startSentinelSet()} returns only once this holds.
	 *
	 * @throws IllegalStateException if that does not happen within {@code timeout}
	 */
	public void awaitReady(Duration timeout) {
		Polling.until("the sentinels of '" + masterName + "' to see one master, one replica and each other", timeout,
				() -> {
					Set<Integer> masterPorts = sentinels.stream().map(this::requireReady).collect(Collectors.toSet());
					if (masterPorts.size() != 1) {
						throw new IllegalStateException("sentinels name different master ports " + masterPorts);
					}
				});
	}

	/**
	 * Waits until every running sentinel names the same master other than {@code previousMaster} and that node
	 * reports {@code role:master}.
	 *
	 * @return the promoted data node
	 * @throws IllegalStateException if that does not happen within {@code timeout}
	 */
	public LocalRedisServer awaitFailover(LocalRedisServer previousMaster, Duration timeout) {
		return Polling.await("the sentinels of '" + masterName + "' to promote a master other than "
				+ previousMaster.url(), timeout, () -> {
					List<LocalRedisServer> running = runningSentinels();
					if (running.isEmpty()) {
						throw new IllegalStateException("no sentinel is running");
					}
					Set<Integer> ports = running.stream().map(this::reportedMasterPort).collect(Collectors.toSet());
					if (ports.size() != 1) {
						throw new IllegalStateException("sentinels name different master ports " + ports);
					}
					int port = ports.iterator().next();
					if (port == previousMaster.port()) {
						throw new IllegalStateException("sentinels still name " + previousMaster.url());
					}
					LocalRedisServer promoted = dataNode(port);
					promoted.requireInfo("replication", "role", "master");
					return promoted;
				});
	}

	/** Stops the sentinels, then the replica, then the master, and deletes their work directories; idempotent. */
	@Override
	public void close() {
		List<LocalRedisServer> all = new ArrayList<>(sentinels);
		all.add(replica);
		all.add(master);
		LocalRedisServer.closeAll(all, null);
	}

	@Override
	public String toString() {
		return "sentinel set '" + masterName + "' of " + master.source() + " (master " + master.url() + ", replica "
				+ replica.url() + ", sentinels " + sentinelEndpoints() + ")";
	}

	/** Checks one sentinel's view and returns the master port it names. */
	private int requireReady(LocalRedisServer sentinel) {
		String where = "sentinel " + sentinel.url();
		Map<String, String> monitored = fields(sentinel.execute("SENTINEL", "MASTER", masterName));
		if (!"master".equals(monitored.get("flags"))) {
			throw new IllegalStateException(where + " flags the master " + monitored.get("flags"));
		}
		List<Map<String, String>> replicas = entries(sentinel.execute("SENTINEL", "REPLICAS", masterName));
		long linked = replicas.stream()
				.filter(entry -> "slave".equals(entry.get("flags")) && "ok".equals(entry.get("master-link-status")))
				.count();
		if (linked != 1) {
			throw new IllegalStateException(where + " sees " + linked + " linked replicas among " + replicas.stream()
					.map(entry -> entry.get("name") + "[" + entry.get("flags") + "]").toList());
		}
		List<Map<String, String>> others = entries(sentinel.execute("SENTINEL", "SENTINELS", masterName));
		long healthy = others.stream().filter(entry -> "sentinel".equals(entry.get("flags"))).count();
		if (healthy != SENTINELS - 1) {
			throw new IllegalStateException(where + " sees " + healthy + " of the " + (SENTINELS - 1) + " other sentinels");
		}
		int port = Integer.parseInt(monitored.get("port"));
		dataNode(port);
		return port;
	}

	private int reportedMasterPort(LocalRedisServer sentinel) {
		List<?> address = (List<?>) sentinel.execute("SENTINEL", "GET-MASTER-ADDR-BY-NAME", masterName);
		if (address == null) {
			throw new IllegalStateException("sentinel " + sentinel.url() + " does not monitor '" + masterName + "'");
		}
		return Integer.parseInt((String) address.get(1));
	}

	private LocalRedisServer dataNode(int port) {
		if (port == master.port()) {
			return master;
		}
		if (port == replica.port()) {
			return replica;
		}
		throw new IllegalStateException("sentinels name port " + port + ", which is neither " + master.url() + " nor "
				+ replica.url());
	}

	private List<LocalRedisServer> runningSentinels() {
		return sentinels.stream().filter(sentinel -> sentinel.pid().isPresent()).toList();
	}

	private static String sentinelConfig(String masterName, LocalRedisServer master) {
		return String.join("\n",
				"sentinel monitor " + masterName + " " + master.host() + " " + master.port() + " " + QUORUM,
				"sentinel down-after-milliseconds " + masterName + " " + DOWN_AFTER_MILLIS,
				"sentinel failover-timeout " + masterName + " " + FAILOVER_TIMEOUT_MILLIS,
				"sentinel resolve-hostnames no",
				"");
	}

	private static List<Map<String, String>> entries(Object reply) {
		return ((List<?>) reply).stream().map(RedisSentinelSet::fields).toList();
	}

	private static Map<String, String> fields(Object reply) {
		List<?> flat = (List<?>) reply;
		Map<String, String> fields = new HashMap<>();
		for (int i = 0; i + 1 < flat.size(); i += 2) {
			fields.put((String) flat.get(i), (String) flat.get(i + 1));
		}
		return fields;
	}
}
