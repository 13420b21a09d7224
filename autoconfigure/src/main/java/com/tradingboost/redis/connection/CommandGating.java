package com.tradingboost.redis.connection;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisChannelWriter;
import io.netty.util.concurrent.EventExecutorGroup;

/**
 * What the channel writers of one factory share: the gate, the recorder, the command policy, and where retries wait.
 */
final class CommandGating {

	private static final ThreadLocal<Boolean> BYPASS = new ThreadLocal<>();

	final RedisCommandGate gate;

	final RedisCommandRecorder recorder;

	final CommandPolicy policy;

	private final EventExecutorGroup executor;

	private final Set<GatedChannelWriter> clusterNodes = ConcurrentHashMap.newKeySet();

	CommandGating(RedisCommandGate gate, RedisCommandRecorder recorder, CommandPolicy policy,
			EventExecutorGroup executor) {
		this.gate = gate;
		this.recorder = recorder;
		this.policy = policy;
		this.executor = executor;
	}

	RedisChannelWriter wrap(RedisChannelWriter writer) {
		return new GatedChannelWriter(writer, this, false, false);
	}

	RedisChannelWriter wrapPubSub(RedisChannelWriter writer) {
		return new GatedChannelWriter(writer, this, true, false);
	}

	RedisChannelWriter wrapClusterNode(RedisChannelWriter writer) {
		GatedChannelWriter gated = new GatedChannelWriter(writer, this, false, true);
		this.clusterNodes.add(gated);
		return gated;
	}

	/** Tells whether the connection to at least one cluster node is up. */
	boolean isAnyClusterNodeConnected() {
		for (GatedChannelWriter node : this.clusterNodes) {
			if (node.isConnected()) {
				return true;
			}
		}
		return false;
	}

	void closed(GatedChannelWriter writer) {
		this.clusterNodes.remove(writer);
	}

	/** Schedules a task, unless the client resources are shutting down. */
	boolean schedule(Runnable task, long delayMillis) {
		try {
			this.executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
			return true;
		}
		catch (RejectedExecutionException shuttingDown) {
			return false;
		}
	}

	/** Tells whether the current thread issues commands that the gate lets through even when it refuses others. */
	static boolean isBypassed() {
		return BYPASS.get() != null;
	}

	/**
	 * Lets the current thread's commands pass a refusing gate until the returned action runs on the same thread.
	 * @return the action that ends it
	 */
	static Runnable enterBypass() {
		if (BYPASS.get() != null) {
			return () -> {
			};
		}
		BYPASS.set(Boolean.TRUE);
		return BYPASS::remove;
	}

}
