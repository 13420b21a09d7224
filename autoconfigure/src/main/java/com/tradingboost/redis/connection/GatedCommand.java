package com.tradingboost.redis.connection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.CommandWrapper;
import io.lettuce.core.protocol.DemandAware;
import io.lettuce.core.protocol.RedisCommand;
import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * One command on its way through a {@link GatedChannelWriter}: it reports its outcome once, and a safe command whose
 * connection was lost before any of its reply arrived is written again instead of failing.
 */
final class GatedCommand<K, V, T> extends CommandWrapper<K, V, T> {

	@SuppressWarnings("rawtypes")
	private static final AtomicIntegerFieldUpdater<GatedCommand> DONE = AtomicIntegerFieldUpdater
		.newUpdater(GatedCommand.class, "done");

	private final GatedChannelWriter writer;

	private final boolean permitted;

	private final boolean counted;

	private final long start = System.nanoTime();

	private volatile int done;

	private volatile boolean sent;


	private RedisCommandGate.@Nullable CommandRetry retry;

	private @Nullable Object callbacks;

	private boolean notified;

	private @Nullable Throwable failure;

	/**
	 * Wraps a command.
	 * @param command the command
	 * @param writer the writer of its connection
	 * @param permitted whether it holds a permission of the gate, to give back if it is cancelled
	 * @param counted whether its outcome counts for the gate (commands queued in a transaction do not)
	 */
	GatedCommand(RedisCommand<K, V, T> command, GatedChannelWriter writer, boolean permitted, boolean counted) {
		super(command);
		this.writer = writer;
		this.permitted = permitted;
		this.counted = counted;
	}

	@Override
	public void encode(ByteBuf buf) {
		this.sent = true;
		super.encode(buf);
	}

	@Override
	public void complete() {
		if (!DONE.compareAndSet(this, 0, 1)) {
			return;
		}
		CommandOutput<K, V, T> output = this.command.getOutput();
		String error = (output != null) ? output.getError() : null;
		RedisFailure failure = (error == null || error.startsWith("MOVED ") || error.startsWith("ASK ")) ? null
				: RedisFailure.ofErrorReply(error);
		if (failure == null && this.retry != null) {
			this.retry.succeeded();
		}
		report(failure, null);
		super.complete();
		notifyCallbacks(null);
	}

	@Override
	public boolean completeExceptionally(Throwable throwable) {
		if (this.done != 0) {
			return false;
		}
		Throwable failure = throwable;
		RedisFailure kind = this.writer.classify(throwable);
		if (kind == RedisFailure.NOT_CONNECTED) {
			failure = new RedisConnectionLostException(getType().toString(), this.sent, throwable);
			if (retryLater(failure)) {
				return false;
			}
		}
		if (!DONE.compareAndSet(this, 0, 1)) {
			return false;
		}
		report(kind, failure);
		boolean completed = super.completeExceptionally(failure);
		notifyCallbacks(failure);
		return completed;
	}

	@Override
	public boolean isDone() {
		if (this.done != 0) {
			return true;
		}
		if (!this.command.isDone()) {
			return false;
		}
		// The caller stopped waiting (a synchronous call's timeout, a disposed subscription): this command ends too.
		abandoned();
		return true;
	}

	private void abandoned() {
		if (!DONE.compareAndSet(this, 0, 1)) {
			return;
		}
		long timeout = this.writer.gating().policy.commandTimeout().toNanos();
		if (timeout > 0 && System.nanoTime() - this.start >= timeout) {
			report(RedisFailure.TIMEOUT, new RedisCommandTimeoutException(
					"Command timed out after " + this.writer.gating().policy.commandTimeout()));
		}
		else if (this.permitted) {
			this.writer.gating().gate.release();
		}
		notifyCallbacks(new CancellationException());
	}

	@Override
	public void cancel() {
		if (!DONE.compareAndSet(this, 0, 1)) {
			return;
		}
		if (this.permitted) {
			this.writer.gating().gate.release();
		}
		super.cancel();
		notifyCallbacks(new CancellationException());
	}

	private boolean retryLater(Throwable failure) {
		if (!this.counted || this.command.isCancelled() || !noReplyYet()) {
			return false;
		}
		if (this.retry == null) {
			this.retry = this.writer.gating().gate.retry(getType());
		}
		long delay = this.retry.nextDelayMillis(failure);
		long deadline = this.start + this.writer.gating().policy.commandTimeout().toNanos();
		if (delay < 0 || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay) >= deadline) {
			return false;
		}
		return this.writer.retry(this, delay);
	}

	/**
	 * Tells whether none of the reply reached the command's output, so writing it again cannot mix two replies. A
	 * reactive command may already have emitted elements of a partial reply, so only its single values qualify.
	 */
	private boolean noReplyYet() {
		CommandOutput<K, V, T> output = this.command.getOutput();
		if (output == null) {
			return false;
		}
		Object value = output.get();
		if (value == null) {
			return true;
		}
		boolean reactive = CommandWrapper.unwrap(this.command, DemandAware.Sink.class) != null;
		return !reactive && ((value instanceof Collection<?> collection && collection.isEmpty())
				|| (value instanceof Map<?, ?> map && map.isEmpty())
				|| (value instanceof ScanCursor cursor && cursor.getCursor() == null));
	}

	GatedCommand<K, V, T> nextAttempt() {
		CommandOutput<K, V, T> output = this.command.getOutput();
		if (output != null) {
			// Lettuce wrote the reason of the lost connection into the output as if it were the reply.
			output.setError((String) null);
		}
		return this;
	}

	private void report(@Nullable RedisFailure failure, @Nullable Throwable cause) {
		long nanos = System.nanoTime() - this.start;
		CommandGating gating = this.writer.gating();
		if (this.counted && failure == RedisFailure.NOT_CONNECTED && this.writer.isLocalLoss()) {
			if (this.permitted) {
				gating.gate.release();
			}
		}
		else if (this.counted) {
			gating.gate.onResult(nanos, failure, cause);
		}
		gating.recorder.record(getType(), nanos, failure);
	}

	@Override
	public void onComplete(Consumer<? super T> action) {
		addCallback(action);
	}

	@Override
	public void onComplete(BiConsumer<? super T, Throwable> action) {
		addCallback(action);
	}

	@SuppressWarnings("unchecked")
	private void addCallback(Object action) {
		synchronized (this) {
			if (!this.notified) {
				addPending(action);
				return;
			}
		}
		invoke(action, this.failure);
	}

	@SuppressWarnings("unchecked")
	private void addPending(Object action) {
		if (this.callbacks == null) {
			this.callbacks = action;
		}
		else if (this.callbacks instanceof List<?> list) {
			((List<Object>) list).add(action);
		}
		else {
			List<Object> list = new ArrayList<>(2);
			list.add(this.callbacks);
			list.add(action);
			this.callbacks = list;
		}
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private void notifyCallbacks(@Nullable Throwable failure) {
		Object registered;
		synchronized (this) {
			registered = this.callbacks;
			this.callbacks = null;
			this.failure = failure;
			this.notified = true;
		}
		if (registered instanceof List<?> list) {
			list.forEach((callback) -> invoke(callback, failure));
		}
		else if (registered != null) {
			invoke(registered, failure);
		}
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private void invoke(Object callback, @Nullable Throwable failure) {
		CommandOutput<K, V, T> output = this.command.getOutput();
		Object value = (output != null) ? output.get() : null;
		if (callback instanceof BiConsumer consumer) {
			consumer.accept(value, failure);
		}
		else if (failure == null && callback instanceof Consumer consumer) {
			consumer.accept(value);
		}
	}

	@Override
	public String toString() {
		return this.command.toString();
	}

}
