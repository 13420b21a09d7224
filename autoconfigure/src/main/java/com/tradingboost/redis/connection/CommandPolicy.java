package com.tradingboost.redis.connection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.RedisCommand;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * What the gate needs to know about a command before it is written: whether it may be refused, and whether it blocks
 * for longer than the command timeout allows.
 */
final class CommandPolicy {

	/** Commands that end or undo something already permitted, or that Lettuce re-sends by itself after a reconnect. */
	private static final boolean[] NEVER_REFUSED = flags(CommandType.EXEC, CommandType.DISCARD, CommandType.UNWATCH,
			CommandType.QUIT, CommandType.SUBSCRIBE, CommandType.PSUBSCRIBE, CommandType.SSUBSCRIBE,
			CommandType.UNSUBSCRIBE, CommandType.PUNSUBSCRIBE, CommandType.SUNSUBSCRIBE);

	private static final boolean[] BLOCKING = flags(CommandType.BLPOP, CommandType.BRPOP, CommandType.BRPOPLPUSH,
			CommandType.BLMOVE, CommandType.BZPOPMIN, CommandType.BZPOPMAX, CommandType.BLMPOP, CommandType.BZMPOP,
			CommandType.XREAD, CommandType.XREADGROUP, CommandType.WAIT);

	private final Duration commandTimeout;

	private final String timeoutProperty;

	private final Duration reconnectGrace;

	CommandPolicy(Duration commandTimeout, String timeoutProperty, Duration reconnectGrace) {
		this.commandTimeout = commandTimeout;
		this.timeoutProperty = timeoutProperty;
		this.reconnectGrace = reconnectGrace;
	}

	Duration commandTimeout() {
		return this.commandTimeout;
	}

	/** How long after losing its connection a connection counts as reconnecting rather than down. */
	Duration reconnectGrace() {
		return this.reconnectGrace;
	}

	/**
	 * Tells whether a command ends something already permitted (EXEC, DISCARD, cleanup) or is one that Lettuce
	 * re-sends by itself after a reconnect (subscriptions).
	 */
	boolean isNeverRefused(ProtocolKeyword type) {
		return type instanceof CommandType known && NEVER_REFUSED[known.ordinal()];
	}

	/**
	 * Returns the caller error of a blocking command whose own timeout is not below the command timeout: it would time
	 * out as if Redis were down.
	 */
	@Nullable RuntimeException blockingTooLong(RedisCommand<?, ?, ?> command, ProtocolKeyword type) {
		if (!(type instanceof CommandType known) || !BLOCKING[known.ordinal()] || this.commandTimeout.isZero()) {
			return null;
		}
		List<String> args = arguments(command.getArgs());
		Duration blocksFor = blockingTimeout(known, args);
		if (blocksFor == null || (!blocksFor.isZero() && blocksFor.compareTo(this.commandTimeout) < 0)) {
			return null;
		}
		String blocks = blocksFor.isZero() ? "blocks without a timeout (0)" : "blocks for up to " + blocksFor;
		return new InvalidDataAccessApiUsageException(known.name() + " " + blocks + ", not below " + this.timeoutProperty
				+ " (" + this.commandTimeout + "): it would fail as a timeout. Use a blocking timeout below "
				+ this.commandTimeout + " and loop, or raise " + this.timeoutProperty + ".");
	}

	private static @Nullable Duration blockingTimeout(CommandType type, List<String> args) {
		if (args.isEmpty()) {
			return null;
		}
		return switch (type) {
			case BLMPOP, BZMPOP -> seconds(args.get(0));
			case XREAD, XREADGROUP -> afterBlock(args);
			case WAIT -> millis(args.get(args.size() - 1));
			default -> seconds(args.get(args.size() - 1));
		};
	}

	private static @Nullable Duration afterBlock(List<String> args) {
		for (int i = 0; i < args.size() - 1; i++) {
			if (args.get(i).equalsIgnoreCase("BLOCK")) {
				return millis(args.get(i + 1));
			}
			if (args.get(i).equalsIgnoreCase("STREAMS")) {
				return null;
			}
		}
		return null;
	}

	private static @Nullable Duration seconds(String value) {
		try {
			return Duration.ofNanos((long) (Double.parseDouble(value) * 1_000_000_000L));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static @Nullable Duration millis(String value) {
		try {
			return Duration.ofMillis(Long.parseLong(value));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/** Reads the arguments back from their RESP encoding; only blocking commands pay for it. */
	private static List<String> arguments(@Nullable CommandArgs<?, ?> args) {
		List<String> values = new ArrayList<>();
		if (args == null) {
			return values;
		}
		ByteBuf buffer = Unpooled.buffer();
		try {
			args.encode(buffer);
			while (buffer.isReadable() && buffer.readByte() == '$') {
				int lineEnd = buffer.indexOf(buffer.readerIndex(), buffer.writerIndex(), (byte) '\r');
				int length = Integer.parseInt(buffer.toString(buffer.readerIndex(), lineEnd - buffer.readerIndex(),
						StandardCharsets.US_ASCII));
				buffer.readerIndex(lineEnd + 2);
				values.add(buffer.toString(buffer.readerIndex(), length, StandardCharsets.UTF_8));
				buffer.skipBytes(length + 2);
			}
		}
		catch (RuntimeException ex) {
			values.clear();
		}
		finally {
			buffer.release();
		}
		return values;
	}

	private static boolean[] flags(CommandType... types) {
		boolean[] flags = new boolean[CommandType.values().length];
		for (CommandType type : types) {
			flags[type.ordinal()] = true;
		}
		return flags;
	}

}
