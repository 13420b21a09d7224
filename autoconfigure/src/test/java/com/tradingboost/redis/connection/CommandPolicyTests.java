package com.tradingboost.redis.connection;

import java.time.Duration;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import org.junit.jupiter.api.Test;

import org.springframework.dao.InvalidDataAccessApiUsageException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which blocking commands the gate refuses before any I/O: those whose own timeout is not below the command timeout.
 */
class CommandPolicyTests {

	private final CommandPolicy policy = new CommandPolicy(Duration.ofSeconds(3), "tradingboost.redis.command-timeout",
			Duration.ofSeconds(2));

	@Test
	void listAndSortedSetPopsBlockForTheirLastArgumentInSeconds() {
		assertThat(refusal(CommandType.BLPOP, "queue", "2.5")).isNull();
		assertThat(refusal(CommandType.BRPOP, "a", "b", "3")).isNotNull()
			.hasMessageContaining("BRPOP blocks for up to PT3S, not below tradingboost.redis.command-timeout (PT3S)");
		assertThat(refusal(CommandType.BZPOPMIN, "z", "0")).hasMessageContaining("blocks without a timeout (0)");
		assertThat(refusal(CommandType.BLMOVE, "from", "to", "LEFT", "RIGHT", "0.01")).isNull();
	}

	@Test
	void multiPopsBlockForTheirFirstArgument() {
		assertThat(refusal(CommandType.BLMPOP, "10", "1", "queue", "LEFT")).isNotNull();
		assertThat(refusal(CommandType.BZMPOP, "1", "1", "z", "MIN")).isNull();
	}

	@Test
	void streamReadsBlockOnlyWithBlockInMilliseconds() {
		assertThat(refusal(CommandType.XREAD, "COUNT", "10", "STREAMS", "s", "0")).as("no BLOCK").isNull();
		assertThat(refusal(CommandType.XREAD, "BLOCK", "2000", "STREAMS", "s", "$")).isNull();
		assertThat(refusal(CommandType.XREADGROUP, "GROUP", "g", "c", "BLOCK", "5000", "STREAMS", "s", ">"))
			.hasMessageContaining("XREADGROUP blocks for up to PT5S");
		assertThat(refusal(CommandType.WAIT, "1", "0")).hasMessageContaining("without a timeout");
	}

	@Test
	void otherCommandsAndNoCommandTimeoutAreNeverRefused() {
		assertThat(refusal(CommandType.GET, "10")).isNull();
		CommandPolicy noTimeout = new CommandPolicy(Duration.ZERO, "tradingboost.redis.command-timeout",
				Duration.ofSeconds(2));
		assertThat(noTimeout.blockingTooLong(command(CommandType.BLPOP, "q", "0"), CommandType.BLPOP)).isNull();
	}

	private RuntimeException refusal(CommandType type, String... args) {
		RuntimeException refusal = this.policy.blockingTooLong(command(type, args), type);
		if (refusal != null) {
			assertThat(refusal).isInstanceOf(InvalidDataAccessApiUsageException.class);
		}
		return refusal;
	}

	private static Command<String, String, String> command(CommandType type, String... args) {
		CommandArgs<String, String> arguments = new CommandArgs<>(StringCodec.UTF8);
		for (String arg : args) {
			arguments.add(arg);
		}
		return new Command<>(type, new StatusOutput<>(StringCodec.UTF8), arguments);
	}

}
