package com.tradingboost.redis.ops;

import java.util.function.Supplier;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;

/**
 * One command of a batch, kept so that it can be sent again when a cluster node redirects it.
 *
 * @param type the command
 * @param args its arguments, the first of them the key
 * @param output makes a fresh reply parser for each attempt
 */
record BatchCommand(ProtocolKeyword type, CommandArgs<byte[], byte[]> args,
		Supplier<CommandOutput<byte[], byte[], ?>> output) {

	static CommandArgs<byte[], byte[]> args(byte[] key) {
		return new CommandArgs<>(ByteArrayCodec.INSTANCE).addKey(key);
	}

	/** The key the command is routed by. */
	byte[] key() {
		java.nio.ByteBuffer encoded = this.args.getFirstEncodedKey();
		byte[] key = new byte[encoded.remaining()];
		encoded.duplicate().get(key);
		return key;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	AsyncCommand<byte[], byte[], Object> toCommand() {
		return new AsyncCommand<>(new Command(this.type, this.output.get(), this.args));
	}

}
