package com.tradingboost.redis.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.RedisCommand;
import org.jspecify.annotations.Nullable;

/**
 * Sends the commands of one batch in chunks, two chunks in flight, each chunk written and flushed at once per
 * connection: on a cluster, grouped by the master that owns each key's slot, and a command redirected by
 * {@code MOVED} or {@code ASK} is sent again through the cluster connection, which follows redirects. After a
 * failure no further chunk is sent. The result holds every reply in input order, or fails with
 * {@link RedisBatchException} saying which commands ran.
 */
final class BatchRun {

	private static final RuntimeException NOT_SENT = new IllegalStateException(
			"not sent: an earlier command of the batch failed");

	private final String operation;

	private final StatefulConnection<byte[], byte[]> connection;

	private final List<BatchCommand> commands;

	private final List<?> keys;

	private final int chunkSize;

	private final @Nullable Object[] values;

	private final @Nullable Throwable[] failures;

	private final AtomicInteger nextIndex = new AtomicInteger();

	private final AtomicInteger unsettled;

	private final CompletableFuture<List<@Nullable Object>> result = new CompletableFuture<>();

	private volatile boolean stopped;

	private BatchRun(String operation, StatefulConnection<byte[], byte[]> connection, List<BatchCommand> commands,
			List<?> keys, int chunkSize) {
		this.operation = operation;
		this.connection = connection;
		this.commands = commands;
		this.keys = keys;
		this.chunkSize = chunkSize;
		this.values = new Object[commands.size()];
		this.failures = new Throwable[commands.size()];
		this.unsettled = new AtomicInteger(commands.size());
	}

	/**
	 * Starts a batch.
	 * @param operation what the batch does, for messages
	 * @param connection the Lettuce connection, one server's or a cluster's
	 * @param commands the commands, not empty
	 * @param keys the key of each command, as the caller gave it, for the failure report
	 * @param chunkSize commands per chunk
	 * @return every reply in input order
	 */
	static CompletableFuture<List<@Nullable Object>> start(String operation,
			StatefulConnection<byte[], byte[]> connection, List<BatchCommand> commands, List<?> keys, int chunkSize) {
		BatchRun run = new BatchRun(operation, connection, commands, keys, chunkSize);
		run.sendNextChunk();
		run.sendNextChunk();
		return run.result;
	}

	private void sendNextChunk() {
		while (true) {
			int from = this.nextIndex.getAndAdd(this.chunkSize);
			if (from >= this.commands.size()) {
				return;
			}
			int to = Math.min(this.commands.size(), from + this.chunkSize);
			if (!this.stopped) {
				send(from, to);
				return;
			}
			for (int i = from; i < to; i++) {
				this.failures[i] = NOT_SENT;
			}
			if (this.unsettled.addAndGet(from - to) == 0) {
				finish();
			}
		}
	}

	private void send(int from, int to) {
		AtomicInteger chunkUnsettled = new AtomicInteger(to - from);
		Runnable chunkSettled = () -> {
			if (chunkUnsettled.decrementAndGet() == 0) {
				sendNextChunk();
			}
		};
		if (this.connection instanceof StatefulRedisClusterConnection<byte[], byte[]> cluster) {
			sendToNodes(cluster, from, to, chunkSettled);
		}
		else {
			dispatch(this.connection, from, to, chunkSettled);
		}
	}

	private void sendToNodes(StatefulRedisClusterConnection<byte[], byte[]> cluster, int from, int to,
			Runnable chunkSettled) {
		Map<String, List<Integer>> byNode = new LinkedHashMap<>();
		for (int i = from; i < to; i++) {
			RedisClusterNode master = cluster.getPartitions().getMasterBySlot(SlotHash.getSlot(this.commands.get(i).key()));
			// A slot without a known master goes through the cluster connection, which reports it.
			String node = (master != null) ? master.getNodeId() : "";
			byNode.computeIfAbsent(node, (id) -> new ArrayList<>()).add(i);
		}
		byNode.forEach((node, indices) -> {
			if (node.isEmpty()) {
				dispatch(cluster, indices, chunkSettled);
				return;
			}
			cluster.getConnectionAsync(node).whenComplete((nodeConnection, failure) -> {
				if (failure != null) {
					indices.forEach((i) -> settle(i, null, failure, chunkSettled));
				}
				else {
					dispatch(nodeConnection, indices, chunkSettled);
				}
			});
		});
	}

	private void dispatch(StatefulConnection<byte[], byte[]> target, int from, int to, Runnable chunkSettled) {
		List<Integer> indices = new ArrayList<>(to - from);
		for (int i = from; i < to; i++) {
			indices.add(i);
		}
		dispatch(target, indices, chunkSettled);
	}

	private void dispatch(StatefulConnection<byte[], byte[]> target, List<Integer> indices, Runnable chunkSettled) {
		List<RedisCommand<byte[], byte[], ?>> chunk = new ArrayList<>(indices.size());
		for (int i : indices) {
			AsyncCommand<byte[], byte[], Object> command = this.commands.get(i).toCommand();
			command.whenComplete((value, failure) -> {
				if (failure != null && isRedirect(failure)
						&& this.connection instanceof StatefulRedisClusterConnection<byte[], byte[]> cluster) {
					redirect(cluster, i, chunkSettled);
				}
				else {
					settle(i, value, failure, chunkSettled);
				}
			});
			chunk.add(command);
		}
		try {
			target.dispatch(chunk);
		}
		catch (RuntimeException ex) {
			chunk.forEach((command) -> command.completeExceptionally(ex));
		}
	}

	private void redirect(StatefulRedisClusterConnection<byte[], byte[]> cluster, int index, Runnable chunkSettled) {
		AsyncCommand<byte[], byte[], Object> command = this.commands.get(index).toCommand();
		command.whenComplete((value, failure) -> settle(index, value, failure, chunkSettled));
		try {
			cluster.dispatch(command);
		}
		catch (RuntimeException ex) {
			command.completeExceptionally(ex);
		}
	}

	private void settle(int index, @Nullable Object value, @Nullable Throwable failure, Runnable chunkSettled) {
		if (failure == null) {
			this.values[index] = value;
		}
		else {
			this.failures[index] = failure;
			this.stopped = true;
		}
		chunkSettled.run();
		if (this.unsettled.decrementAndGet() == 0) {
			finish();
		}
	}

	/** A node's redirect, in the words of the cluster protocol ({@code MOVED <slot> <node>}, {@code ASK ...}). */
	private static boolean isRedirect(Throwable failure) {
		String reply = (failure instanceof RedisCommandExecutionException execution) ? execution.getMessage() : null;
		return reply != null && (reply.startsWith("MOVED ") || reply.startsWith("ASK "));
	}

	private void finish() {
		List<@Nullable Object> replies = new ArrayList<>(this.values.length);
		List<Object> applied = new ArrayList<>();
		List<Object> notApplied = new ArrayList<>();
		List<Object> unknown = new ArrayList<>();
		Throwable firstFailure = null;
		for (int i = 0; i < this.values.length; i++) {
			Throwable failure = this.failures[i];
			if (failure == null) {
				replies.add(this.values[i]);
				applied.add(this.keys.get(i));
				continue;
			}
			if (failure != NOT_SENT && firstFailure == null) {
				firstFailure = failure;
			}
			(certainlyDidNotRun(failure) ? notApplied : unknown).add(this.keys.get(i));
		}
		if (firstFailure == null) {
			this.result.complete(replies);
		}
		else {
			this.result.completeExceptionally(new RedisBatchException(this.operation, applied, notApplied, unknown,
					firstFailure.getMessage(), LettuceCommands.translate(firstFailure)));
		}
	}

	private static boolean certainlyDidNotRun(Throwable failure) {
		return failure == NOT_SENT || LettuceCommands.certainlyDidNotRun(failure);
	}

}
