package com.tradingboost.redis.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A Redis Cluster of six child processes on 127.0.0.1: three masters splitting the 16384 slots evenly, one replica
 * each, and a 1 s node timeout so a replica takes over a failed master within a few seconds.
 *
 * <pre>{@code
 * try (RedisClusterServers cluster = RedisServers.startCluster()) {
 *     // spring.data.redis.cluster.nodes = String.join(",", cluster.seedEndpoints())
 *     LocalRedisServer owner = cluster.masterForKey("order:42");
 *     owner.execute("SET", "order:42", "open");
 *     owner.kill();
 *     LocalRedisServer promoted = cluster.awaitFailover(owner, Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p>The nodes are joined over the Redis protocol, so {@code redis-cli} is not needed. Slots never move between the
 * three shards (a master and its replica): a failover only changes which node of a shard is its master, and a killed
 * node that is started again keeps its cluster identity and rejoins its shard, as a replica if it lost a failover.
 * Every node is a {@link LocalRedisServer} with the same guarantees: nothing is persisted, its work directory is
 * deleted on close, a shutdown hook closes it if the caller does not, and a watchdog kills it if the JVM dies abruptly.
 */
public final class RedisClusterServers implements AutoCloseable {

	private static final int NODE_TIMEOUT_MILLIS = 1000;
	private static final int SLOTS = 16384;
	private static final int SHARDS = 3;
	private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
	// Each node has a work directory of its own, so one relative name for the cluster state file is enough.
	private static final List<String> NODE_ARGS = List.of("--cluster-enabled", "yes",
			"--cluster-config-file", "nodes.conf", "--cluster-node-timeout", Integer.toString(NODE_TIMEOUT_MILLIS),
			"--repl-diskless-sync-delay", "0");

	/** Shard {@code i} is node {@code i}, started as master, and node {@code i + SHARDS}, started as its replica. */
	private final List<LocalRedisServer> nodes;
	private final List<String> ids;

	private RedisClusterServers(List<LocalRedisServer> nodes, List<String> ids) {
		this.nodes = List.copyOf(nodes);
		this.ids = List.copyOf(ids);
	}

	/** Starts six nodes, assigns the slots, joins them, pairs them up and returns once {@link #awaitReady} passes. */
	static RedisClusterServers launch(RedisBinary binary) {
		List<LocalRedisServer> started = new ArrayList<>();
		try {
			for (int i = 0; i < 2 * SHARDS; i++) {
				started.add(LocalRedisServer.launch(binary, NODE_ARGS));
			}
			List<String> ids = new ArrayList<>();
			for (int i = 0; i < started.size(); i++) {
				LocalRedisServer node = started.get(i);
				ids.add((String) node.execute("CLUSTER", "MYID"));
				// Distinct epochs before the nodes meet spare them resolving collisions, as redis-cli does.
				node.execute("CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
			}
			for (int shard = 0; shard < SHARDS; shard++) {
				// ADDSLOTSRANGE would need Redis 7; the bundled binary is 6.2.
				started.get(shard).execute(addSlots(shard));
			}
			LocalRedisServer first = started.get(0);
			for (LocalRedisServer node : started.subList(1, started.size())) {
				first.execute("CLUSTER", "MEET", node.host(), Integer.toString(node.port()));
			}
			RedisClusterServers cluster = new RedisClusterServers(started, ids);
			Polling.until("every cluster node to know all " + started.size() + " nodes", START_TIMEOUT,
					() -> started.forEach(cluster::requireKnowsAll));
			for (int shard = 0; shard < SHARDS; shard++) {
				started.get(shard + SHARDS).execute("CLUSTER", "REPLICATE", ids.get(shard));
			}
			cluster.awaitReady(START_TIMEOUT);
			return cluster;
		} catch (RuntimeException e) {
			Collections.reverse(started);
			LocalRedisServer.closeAll(started, e);
			throw e;
		}
	}

	/** All six nodes: the three started as masters, then their replicas in the same order. */
	public List<LocalRedisServer> nodes() {
		return nodes;
	}

	/** Every node as {@code 127.0.0.1:port}, for {@code spring.data.redis.cluster.nodes}. */
	public List<String> seedEndpoints() {
		return nodes.stream().map(node -> node.endpoint().address()).toList();
	}

	/** The nodes serving slots now, as the first answering node sees the cluster, in {@link #nodes()} order. */
	public List<LocalRedisServer> masters() {
		return handles(onAnyNode(this::view).stream()
				.filter(entry -> entry.is("master") && !entry.failed() && !entry.slots().isEmpty())
				.toList());
	}

	/** The nodes replicating a master now, as the first answering node sees the cluster, in {@link #nodes()} order. */
	public List<LocalRedisServer> replicas() {
		return handles(onAnyNode(this::view).stream().filter(entry -> entry.is("slave") && !entry.failed()).toList());
	}

	/** The node's cluster id, which it keeps across restarts. */
	public String nodeId(LocalRedisServer node) {
		int index = nodes.indexOf(node);
		if (index < 0) {
			throw new IllegalArgumentException(node + " is not a node of " + this);
		}
		return ids.get(index);
	}

	/** The hash slot of {@code key}, by {@code CLUSTER KEYSLOT} (so hash tags count). */
	public int slotOf(String key) {
		return Math.toIntExact((Long) onAnyNode(node -> node.execute("CLUSTER", "KEYSLOT", key)));
	}

	/** The master serving {@code slot}, as the first answering node sees the cluster; may be down during a failover. */
	public LocalRedisServer masterForSlot(int slot) {
		if (slot < 0 || slot >= SLOTS) {
			throw new IllegalArgumentException("slot must be between 0 and " + (SLOTS - 1) + ", got " + slot);
		}
		return node(owner(onAnyNode(this::view), slot).id());
	}

	/** The master serving {@code key}'s slot: the node that accepts commands on the key without {@code MOVED}. */
	public LocalRedisServer masterForKey(String key) {
		return masterForSlot(slotOf(key));
	}

	/** The replica of {@code master}, as the first answering node sees the cluster. */
	public LocalRedisServer replicaOf(LocalRedisServer master) {
		String masterId = nodeId(master);
		return onAnyNode(this::view).stream()
				.filter(entry -> entry.is("slave") && entry.masterId().equals(masterId))
				.map(entry -> node(entry.id()))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException(master.url() + " has no replica"));
	}

	/**
	 * Waits until every node answers, reports {@code cluster_state:ok} and sees three healthy masters serving all
	 * slots, each with one replica whose link to it is up; {@link RedisServers#startCluster()} returns only once this
	 * holds.
	 *
	 * @throws IllegalStateException if that does not happen within {@code timeout}
	 */
	public void awaitReady(Duration timeout) {
		Polling.until("the cluster to be healthy: cluster_state:ok and " + SHARDS + " masters with one replica each",
				timeout, () -> nodes.forEach(this::requireReady));
	}

	/**
	 * Waits until every other running node reports {@code cluster_state:ok} and names the same node other than
	 * {@code failedMaster} as master of its shard's slots, and that node reports {@code role:master}; call it after
	 * killing, stopping or pausing a master. The promoted node does not get a replica until {@code failedMaster} is
	 * started again.
	 *
	 * @return the promoted node, the former replica of {@code failedMaster}
	 * @throws IllegalStateException if that does not happen within {@code timeout}
	 */
	public LocalRedisServer awaitFailover(LocalRedisServer failedMaster, Duration timeout) {
		String failedId = nodeId(failedMaster);
		int slot = firstSlot(nodes.indexOf(failedMaster) % SHARDS);
		return Polling.await("a replica to take over slot " + slot + " from " + failedMaster.url(), timeout, () -> {
			Set<String> owners = new HashSet<>();
			for (LocalRedisServer node : nodes) {
				if (node != failedMaster && node.pid().isPresent()) {
					requireClusterOk(node);
					owners.add(owner(view(node), slot).id());
				}
			}
			if (owners.size() != 1) {
				throw new IllegalStateException("nodes name different owners of slot " + slot + ": " + owners);
			}
			String owner = owners.iterator().next();
			if (owner.equals(failedId)) {
				throw new IllegalStateException("slot " + slot + " is still served by " + failedMaster.url());
			}
			LocalRedisServer promoted = node(owner);
			promoted.requireInfo("replication", "role", "master");
			return promoted;
		});
	}

	/** Stops every node and deletes their work directories; idempotent. */
	@Override
	public void close() {
		List<LocalRedisServer> replicasFirst = new ArrayList<>(nodes);
		Collections.reverse(replicasFirst);
		LocalRedisServer.closeAll(replicasFirst, null);
	}

	@Override
	public String toString() {
		return "Redis cluster of " + nodes.size() + " nodes of " + nodes.get(0).source() + " " + seedEndpoints();
	}

	private void requireKnowsAll(LocalRedisServer node) {
		List<ClusterNode> view = view(node);
		List<ClusterNode> joining = view.stream().filter(entry -> entry.is("handshake") || entry.is("noaddr")).toList();
		if (view.size() != nodes.size() || !joining.isEmpty()) {
			throw new IllegalStateException(node.url() + " knows " + view.size() + " nodes, still joining: " + joining);
		}
	}

	private void requireReady(LocalRedisServer node) {
		requireClusterOk(node);
		List<ClusterNode> view = view(node);
		List<ClusterNode> unhealthy = view.stream().filter(entry -> entry.failed() || entry.is("handshake")).toList();
		if (view.size() != nodes.size() || !unhealthy.isEmpty()) {
			throw new IllegalStateException(node.url() + " knows " + view.size() + " nodes, unhealthy: " + unhealthy);
		}
		List<ClusterNode> masters = view.stream().filter(entry -> entry.is("master") && !entry.slots().isEmpty()).toList();
		if (masters.size() != SHARDS) {
			throw new IllegalStateException(node.url() + " sees " + masters.size() + " masters serving slots");
		}
		for (ClusterNode master : masters) {
			long replicas = view.stream().filter(entry -> entry.is("slave") && entry.masterId().equals(master.id())).count();
			if (replicas != 1) {
				throw new IllegalStateException(node.url() + " sees " + replicas + " replicas of master " + master.id());
			}
		}
		if (view.stream().anyMatch(entry -> entry.is("myself") && entry.is("slave"))) {
			node.requireInfo("replication", "master_link_status", "up");
		}
	}

	private static void requireClusterOk(LocalRedisServer node) {
		String info = (String) node.execute("CLUSTER", "INFO");
		if (!info.lines().anyMatch(line -> line.equals("cluster_state:ok"))) {
			throw new IllegalStateException(node.url() + " does not report cluster_state:ok");
		}
	}

	private List<ClusterNode> view(LocalRedisServer node) {
		return ((String) node.execute("CLUSTER", "NODES")).lines()
				.filter(line -> !line.isBlank())
				.map(ClusterNode::parse)
				.toList();
	}

	/** Asks the running nodes in turn until one answers. */
	private <T> T onAnyNode(Function<LocalRedisServer, T> query) {
		RuntimeException lastFailure = null;
		for (LocalRedisServer node : nodes) {
			if (node.pid().isPresent()) {
				try {
					return query.apply(node);
				} catch (RuntimeException e) {
					lastFailure = e;
				}
			}
		}
		throw new IllegalStateException("No node of " + this + " answers", lastFailure);
	}

	private ClusterNode owner(List<ClusterNode> view, int slot) {
		return view.stream()
				.filter(entry -> entry.is("master") && entry.serves(slot))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("no node serves slot " + slot));
	}

	private LocalRedisServer node(String id) {
		int index = ids.indexOf(id);
		if (index < 0) {
			throw new IllegalStateException("unknown cluster node id " + id + " in " + this);
		}
		return nodes.get(index);
	}

	private List<LocalRedisServer> handles(List<ClusterNode> entries) {
		return entries.stream().map(entry -> node(entry.id())).sorted(Comparator.comparingInt(nodes::indexOf)).toList();
	}

	private static int firstSlot(int shard) {
		return shard * SLOTS / SHARDS;
	}

	private static String[] addSlots(int shard) {
		List<String> command = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
		for (int slot = firstSlot(shard); slot < firstSlot(shard + 1); slot++) {
			command.add(Integer.toString(slot));
		}
		return command.toArray(String[]::new);
	}

	/** One line of {@code CLUSTER NODES}: id, address, flags, master id ("-" for none) and slot ranges. */
	private record ClusterNode(String id, int port, Set<String> flags, String masterId, List<int[]> slots) {

		static ClusterNode parse(String line) {
			String[] parts = line.split(" ");
			String address = parts[1];
			int end = address.indexOf('@') < 0 ? address.length() : address.indexOf('@');
			int port = Integer.parseInt(address.substring(address.lastIndexOf(':', end) + 1, end));
			List<int[]> slots = new ArrayList<>();
			for (int i = 8; i < parts.length; i++) {
				// "[slot->-id]" and "[slot-<-id]" are slots being migrated, not served.
				if (!parts[i].startsWith("[")) {
					String[] range = parts[i].split("-");
					slots.add(new int[] {Integer.parseInt(range[0]), Integer.parseInt(range[range.length - 1])});
				}
			}
			return new ClusterNode(parts[0], port, Set.of(parts[2].split(",")), parts[3], slots);
		}

		boolean is(String flag) {
			return flags.contains(flag);
		}

		boolean failed() {
			return is("fail") || is("fail?");
		}

		boolean serves(int slot) {
			return slots.stream().anyMatch(range -> range[0] <= slot && slot <= range[1]);
		}

		@Override
		public String toString() {
			return id + "@" + port + flags;
		}
	}
}
