package com.tradingboost.redis.ops;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag;

/**
 * SCAN over every master that serves slots, one after the other. Lettuce's own cluster cursor also visits a master
 * that failed and was replaced by its replica (it stays in the topology, flagged as failed, until it is forgotten or
 * comes back), so every scan would fail after a failover; this one takes the masters the topology says serve slots
 * when the scan starts.
 */
final class MastersScan {

	private MastersScan() {
	}

	/**
	 * Reads the next page.
	 * @param cluster the cluster connection
	 * @param previous {@link ScanCursor#INITIAL}, or the page this method returned last
	 * @param args the match pattern and count
	 * @return the next page, finished after the last master's last page
	 */
	static CompletableFuture<KeyScanCursor<byte[]>> page(StatefulRedisClusterConnection<byte[], byte[]> cluster,
			ScanCursor previous, ScanArgs args) {
		Page from = (previous instanceof Page page) ? page : new Page(servingMasters(cluster), 0, "0");
		if (from.nodeIndex >= from.nodeIds.size()) {
			return CompletableFuture.completedFuture(from.next(List.of(), from.nodeIndex, "0"));
		}
		String nodeId = from.nodeIds.get(from.nodeIndex);
		return cluster.getConnectionAsync(nodeId)
			.thenCompose((node) -> node.async().scan(ScanCursor.of(from.nodeCursor), args))
			.thenApply((reply) -> reply.isFinished() ? from.next(reply.getKeys(), from.nodeIndex + 1, "0")
					: from.next(reply.getKeys(), from.nodeIndex, reply.getCursor()));
	}

	private static List<String> servingMasters(StatefulRedisClusterConnection<byte[], byte[]> cluster) {
		return cluster.getPartitions()
			.stream()
			.filter((node) -> node.is(NodeFlag.UPSTREAM) && !node.getSlots().isEmpty() && !node.is(NodeFlag.FAIL)
					&& !node.is(NodeFlag.EVENTUAL_FAIL))
			.map(RedisClusterNode::getNodeId)
			.toList();
	}

	/** One page, and where the scan goes on: which master, and that master's own cursor. */
	private static final class Page extends KeyScanCursor<byte[]> {

		private final List<String> nodeIds;

		private final int nodeIndex;

		private final String nodeCursor;

		Page(List<String> nodeIds, int nodeIndex, String nodeCursor) {
			this.nodeIds = nodeIds;
			this.nodeIndex = nodeIndex;
			this.nodeCursor = nodeCursor;
			setCursor(nodeIndex + ":" + nodeCursor);
			setFinished(nodeIndex >= nodeIds.size());
		}

		Page next(List<byte[]> keys, int nodeIndex, String nodeCursor) {
			Page next = new Page(this.nodeIds, nodeIndex, nodeCursor);
			next.getKeys().addAll(keys);
			return next;
		}

	}

}
