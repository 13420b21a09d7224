package com.tradingboost.redis.testsupport;

/**
 * Reads the reply of {@code INFO commandstats}, one snapshot for several counts.
 */
public final class CommandStats {

	private final String reply;

	private CommandStats(String reply) {
		this.reply = reply;
	}

	/**
	 * Takes a snapshot of a server's command statistics.
	 * @param server the server
	 * @return the snapshot
	 */
	public static CommandStats of(RedisServer server) {
		return new CommandStats((String) server.execute("INFO", "commandstats"));
	}

	/**
	 * Returns how many times the server ran a command since it started or since {@code CONFIG RESETSTAT}.
	 * @param command the command in lower case, e.g. {@code get}
	 * @return its {@code calls}, 0 if it never ran
	 */
	public long calls(String command) {
		String prefix = "cmdstat_" + command + ":calls=";
		return this.reply.lines()
			.filter((line) -> line.startsWith(prefix))
			.map((line) -> line.substring(prefix.length(), line.indexOf(',', prefix.length())))
			.mapToLong(Long::parseLong)
			.findFirst()
			.orElse(0);
	}

	@Override
	public String toString() {
		return this.reply;
	}

}
