package com.tradingboost.redis.connection;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.CommandListenerWriter;
import io.lettuce.core.Delegating;
import io.lettuce.core.RedisChannelWriter;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.protocol.CommandArgsAccessor;
import io.lettuce.core.protocol.CommandExpiryWriter;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.CommandWrapper;
import io.lettuce.core.protocol.ConnectionFacade;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.protocol.TransactionalCommand;
import io.lettuce.core.resource.ClientResources;
import io.netty.channel.ChannelException;
import org.jspecify.annotations.Nullable;

/**
 * The channel writer of one connection to one Redis server, wrapped once when the connection is made: every command
 * asks the gate for permission before it is written and reports its outcome when it ends. It also follows the
 * connection's state, which tells a lost connection from the caller's error.
 */
final class GatedChannelWriter implements RedisChannelWriter, Delegating<RedisChannelWriter> {

	private static final boolean[] SESSION_STATE = new boolean[CommandType.values().length];

	static {
		for (CommandType type : new CommandType[] { CommandType.WATCH, CommandType.UNWATCH, CommandType.MULTI,
				CommandType.EXEC, CommandType.DISCARD, CommandType.SELECT }) {
			SESSION_STATE[type.ordinal()] = true;
		}
	}

	private final RedisChannelWriter delegate;

	private final CommandGating gating;

	private final boolean pubSub;

	private final boolean clusterNode;

	private volatile boolean connected;

	private volatile boolean closed;

	private volatile long disconnectedAt = System.nanoTime();

	private volatile boolean watching;

	private volatile boolean inTransaction;

	private volatile int selectedDatabase = -1;

	private volatile boolean autoFlush = true;

	GatedChannelWriter(RedisChannelWriter delegate, CommandGating gating, boolean pubSub, boolean clusterNode) {
		this.delegate = delegate;
		this.gating = gating;
		this.pubSub = pubSub;
		this.clusterNode = clusterNode;
		// The connection sets its timeout on the expiry writer only if it finds it: it does not look past this one.
		RedisChannelWriter inner = (delegate instanceof CommandListenerWriter listener) ? listener.getDelegate() : delegate;
		if (inner instanceof CommandExpiryWriter expiry) {
			expiry.setTimeout(gating.policy.commandTimeout());
		}
	}

	@Override
	public <K, V, T> RedisCommand<K, V, T> write(RedisCommand<K, V, T> command) {
		RedisCommand<K, V, T> admitted = admit(command);
		return (admitted != null) ? this.delegate.write(admitted) : command;
	}

	@Override
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public <K, V> Collection<RedisCommand<K, V, ?>> write(Collection<? extends RedisCommand<K, V, ?>> commands) {
		List<RedisCommand<K, V, ?>> admitted = new ArrayList<>(commands.size());
		List<RedisCommand<K, V, ?>> refused = new ArrayList<>(0);
		for (RedisCommand<K, V, ?> command : commands) {
			RedisCommand gated = admit((RedisCommand) command);
			if (gated != null) {
				admitted.add(gated);
			}
			else {
				refused.add(command);
			}
		}
		Collection<RedisCommand<K, V, ?>> written = admitted.isEmpty() ? admitted : this.delegate.write(admitted);
		if (refused.isEmpty()) {
			return written;
		}
		List<RedisCommand<K, V, ?>> all = new ArrayList<>(written);
		all.addAll(refused);
		return all;
	}

	/** Returns the command to write, or {@code null} when it was refused and completed. */
	private <K, V, T> @Nullable RedisCommand<K, V, T> admit(RedisCommand<K, V, T> command) {
		if (command instanceof GatedCommand) {
			return command;
		}
		ProtocolKeyword type = command.getType();
		boolean permitted = false;
		boolean counted = false;
		if (!CommandGating.isBypassed() && CommandWrapper.unwrap(command, TransactionalCommand.class) == null) {
			// Health probes pass uncounted; commands queued in a transaction are part of its MULTI and EXEC.
			counted = true;
			if (!this.gating.policy.isNeverRefused(type)) {
				RuntimeException refusal = this.gating.policy.blockingTooLong(command, type);
				if (refusal == null) {
					refusal = this.gating.gate.tryAcquire();
					permitted = refusal == null;
				}
				if (refusal != null) {
					command.completeExceptionally(refusal);
					this.gating.recorder.record(type, 0, RedisFailure.of(refusal));
					return null;
				}
			}
		}
		if (type instanceof CommandType known && SESSION_STATE[known.ordinal()]) {
			followSessionState(known, command);
		}
		return new GatedCommand<>(command, this, permitted, counted);
	}

	private void followSessionState(CommandType type, RedisCommand<?, ?, ?> command) {
		switch (type) {
			case WATCH -> this.watching = true;
			case UNWATCH -> this.watching = false;
			case MULTI -> this.inTransaction = true;
			case EXEC, DISCARD -> {
				this.inTransaction = false;
				this.watching = false;
			}
			case SELECT -> {
				Long database = (command.getArgs() != null) ? CommandArgsAccessor.getFirstInteger(command.getArgs())
						: null;
				this.selectedDatabase = (database != null) ? database.intValue() : Integer.MIN_VALUE;
			}
			default -> {
			}
		}
	}

	/**
	 * Tells what a borrower left on this connection that the next one must not inherit.
	 * @param database the database the connection is configured for
	 * @return the leftovers, {@code null} when there are none
	 */
	@Nullable SessionLeftovers leftovers(int database) {
		boolean otherDatabase = this.selectedDatabase != -1 && this.selectedDatabase != database;
		if (!this.watching && !this.inTransaction && !otherDatabase && this.autoFlush) {
			return null;
		}
		return new SessionLeftovers(this.watching, this.inTransaction, otherDatabase, !this.autoFlush);
	}

	/**
	 * Session state a borrower left on a connection.
	 *
	 * @param watching keys are watched
	 * @param inTransaction a MULTI was not ended by EXEC or DISCARD
	 * @param otherDatabase another database is selected
	 * @param manualFlush commands are not flushed as they are written (a pipeline was left open)
	 */
	record SessionLeftovers(boolean watching, boolean inTransaction, boolean otherDatabase, boolean manualFlush) {

	}

	/** Classifies a failure Lettuce reported for a command of this connection, using the connection's state. */
	RedisFailure classify(Throwable failure) {
		if (failure instanceof RedisCommandTimeoutException) {
			return RedisFailure.TIMEOUT;
		}
		boolean plain = failure.getClass() == RedisException.class;
		if (plain || failure instanceof RedisConnectionException || failure instanceof ChannelException
				|| failure instanceof IOException) {
			// Lettuce's plain RedisException means not connected, unless the application closed the connection or a
			// subscribed connection refused a command. The channel goes inactive before the connection hears of it.
			boolean callers = this.closed || (plain && this.pubSub && this.connected);
			return callers ? RedisFailure.CALLER : RedisFailure.NOT_CONNECTED;
		}
		return RedisFailure.of(failure);
	}

	CommandGating gating() {
		return this.gating;
	}

	boolean retry(GatedCommand<?, ?, ?> command, long delayMillis) {
		return this.gating.schedule(() -> this.delegate.write(command.nextAttempt()), delayMillis);
	}

	/**
	 * Tells whether commands that failed because this connection is not there are no outage of Redis: the connection
	 * was lost so recently that Lettuce is still reconnecting as usual, or it is one cluster node's while another
	 * node's connection is up (the node fails its own commands at once and the cluster fails over; counting them
	 * would refuse the commands of every healthy master too).
	 */
	boolean isLocalLoss() {
		// Connected still: the channel closed and Lettuce has not handled it yet, so the loss is brand new.
		return this.connected
				|| System.nanoTime() - this.disconnectedAt < this.gating.policy.reconnectGrace().toNanos()
				|| (this.clusterNode && this.gating.isAnyClusterNodeConnected());
	}

	boolean isConnected() {
		return this.connected;
	}

	@Override
	public void close() {
		this.closed = true;
		this.gating.closed(this);
		this.delegate.close();
	}

	@Override
	public CompletableFuture<Void> closeAsync() {
		this.closed = true;
		return this.delegate.closeAsync();
	}

	@Override
	public void setConnectionFacade(ConnectionFacade connection) {
		this.delegate.setConnectionFacade(new ConnectionFacade() {

			@Override
			public void activated() {
				GatedChannelWriter.this.connected = true;
				connection.activated();
			}

			@Override
			public void deactivated() {
				GatedChannelWriter.this.disconnectedAt = System.nanoTime();
				GatedChannelWriter.this.connected = false;
				connection.deactivated();
			}

		});
	}

	@Override
	public void setAutoFlushCommands(boolean autoFlush) {
		this.autoFlush = autoFlush;
		this.delegate.setAutoFlushCommands(autoFlush);
	}

	@Override
	public void flushCommands() {
		this.delegate.flushCommands();
	}

	@Override
	public ClientResources getClientResources() {
		return this.delegate.getClientResources();
	}

	@Override
	public RedisChannelWriter getDelegate() {
		return this.delegate;
	}

}
