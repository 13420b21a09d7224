package com.tradingboost.redis.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.models.partitions.ClusterPartitionParser;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag;
import org.jspecify.annotations.Nullable;

/**
 * What a Redis Cluster said about itself in {@code CLUSTER INFO} and {@code CLUSTER NODES}, with the PING of each
 * master that serves slots; {@link #downReason()} states when these facts make Redis DOWN.
 *
 * @param state {@code cluster_state}: {@code ok}, or {@code fail} when some slots are not served
 * @param slotsAssigned slots assigned to a master
 * @param slotsOk slots whose master is not flagged as failing
 * @param slotsPfail slots whose master some node suspects to fail ({@code PFAIL})
 * @param slotsFail slots whose master the cluster agrees has failed ({@code FAIL})
 * @param knownNodes nodes in the cluster's node table, handshaking ones included
 * @param size masters that serve at least one slot, as {@code CLUSTER INFO} counts them
 * @param masters the masters that serve slots, with the result of their PING
 * @param replicaCount replicas not flagged as failed
 * @param failedNodes addresses of nodes flagged {@code fail} that serve no slot, such as a master its replica
 * replaced
 * @param unavailable why the cluster facts could not be read, e.g. the user may not run {@code CLUSTER INFO}; the
 * other fields are then empty
 */
public record RedisClusterFacts(@Nullable String state, @Nullable Long slotsAssigned, @Nullable Long slotsOk,
		@Nullable Long slotsPfail, @Nullable Long slotsFail, @Nullable Long knownNodes, @Nullable Long size,
		List<Master> masters, int replicaCount, List<String> failedNodes, @Nullable String unavailable) {

	/**
	 * How a master answered the PING the monitor sent it.
	 */
	public enum PingStatus {

		/** It answered within the probe timeout. */
		UP,

		/** It failed to answer: no connection, an error, or no reply within the probe timeout. */
		DOWN,

		/** No PING was sent, e.g. because the client does not know the node yet. */
		NOT_CHECKED

	}

	/**
	 * A master that serves slots.
	 *
	 * @param host the host the cluster announces for it
	 * @param port its port
	 * @param replicas replicas of it not flagged as failed
	 * @param status the result of its PING
	 * @param latency the PING round trip, when it answered
	 * @param error why its PING failed or was not sent
	 */
	public record Master(String host, int port, int replicas, PingStatus status, @Nullable Duration latency,
			@Nullable String error) {

		/**
		 * Returns the address as {@code host:port}.
		 * @return the address
		 */
		public String address() {
			return RedisClusterFacts.address(this.host, this.port);
		}

		Master answered(Duration latency) {
			return new Master(this.host, this.port, this.replicas, PingStatus.UP, latency, null);
		}

		Master failed(String error) {
			return new Master(this.host, this.port, this.replicas, PingStatus.DOWN, null, error);
		}

		Master notChecked(String why) {
			return new Master(this.host, this.port, this.replicas, PingStatus.NOT_CHECKED, null, why);
		}

	}

	static RedisClusterFacts unavailable(String reason) {
		return new RedisClusterFacts(null, null, null, null, null, null, null, List.of(), 0, List.of(), reason);
	}

	/**
	 * Reads the facts from the replies to {@code CLUSTER INFO} and {@code CLUSTER NODES}; the masters are not
	 * checked yet.
	 * @param clusterInfo the {@code CLUSTER INFO} reply
	 * @param clusterNodes the {@code CLUSTER NODES} reply
	 * @return the facts
	 */
	static RedisClusterFacts parse(String clusterInfo, String clusterNodes) {
		Map<String, String> info = InfoFields.parse(clusterInfo);
		List<RedisClusterNode> nodes = ClusterPartitionParser.parse(clusterNodes).getPartitions();
		List<Master> masters = new ArrayList<>();
		List<String> failed = new ArrayList<>();
		int replicaCount = 0;
		for (RedisClusterNode node : nodes) {
			if (node.getUri() == null || node.is(NodeFlag.NOADDR) || node.is(NodeFlag.HANDSHAKE)) {
				continue;
			}
			if (node.is(NodeFlag.UPSTREAM) && !node.hasNoSlots()) {
				RedisURI uri = node.getUri();
				masters.add(new Master(uri.getHost(), uri.getPort(), replicasOf(node, nodes), PingStatus.NOT_CHECKED,
						null, null));
			}
			else if (node.is(NodeFlag.FAIL)) {
				failed.add(address(node.getUri().getHost(), node.getUri().getPort()));
			}
			else if (node.is(NodeFlag.REPLICA)) {
				replicaCount++;
			}
		}
		return new RedisClusterFacts(info.get("cluster_state"), InfoFields.number(info.get("cluster_slots_assigned")),
				InfoFields.number(info.get("cluster_slots_ok")), InfoFields.number(info.get("cluster_slots_pfail")),
				InfoFields.number(info.get("cluster_slots_fail")), InfoFields.number(info.get("cluster_known_nodes")),
				InfoFields.number(info.get("cluster_size")), List.copyOf(masters), replicaCount, List.copyOf(failed),
				null);
	}

	RedisClusterFacts withMasters(List<Master> checked) {
		return new RedisClusterFacts(this.state, this.slotsAssigned, this.slotsOk, this.slotsPfail, this.slotsFail,
				this.knownNodes, this.size, List.copyOf(checked), this.replicaCount, this.failedNodes, this.unavailable);
	}

	/**
	 * Tells why these facts make Redis DOWN: {@code cluster_state} is not {@code ok}, or a master that serves slots
	 * failed its PING. Facts that could not be read make nothing DOWN.
	 * @return the reason, naming the failed masters, or {@code null} if the cluster is healthy
	 */
	public @Nullable String downReason() {
		if (this.unavailable != null) {
			return null;
		}
		List<String> reasons = new ArrayList<>();
		if (!"ok".equals(this.state)) {
			reasons.add("cluster_state is " + ((this.state != null) ? this.state : "missing from CLUSTER INFO"));
		}
		List<Master> down = this.masters.stream().filter((master) -> master.status() == PingStatus.DOWN).toList();
		if (down.size() == 1) {
			reasons.add("master " + down.get(0).address() + " failed PING: " + down.get(0).error());
		}
		else if (!down.isEmpty()) {
			reasons.add("masters " + String.join(", ", down.stream().map(Master::address).toList()) + " failed PING");
		}
		return reasons.isEmpty() ? null : String.join("; ", reasons);
	}

	private static int replicasOf(RedisClusterNode master, List<RedisClusterNode> nodes) {
		return (int) nodes.stream()
			.filter((node) -> node.is(NodeFlag.REPLICA) && !node.is(NodeFlag.FAIL)
					&& master.getNodeId().equals(node.getSlaveOf()))
			.count();
	}

	private static String address(String host, int port) {
		return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
	}

}
