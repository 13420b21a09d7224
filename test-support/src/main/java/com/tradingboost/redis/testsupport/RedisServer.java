package com.tradingboost.redis.testsupport;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A running Redis server that tests and local tools can talk to and, when controllable, break on purpose.
 *
 * <p>Control methods ({@link #stop()}, {@link #kill()}, {@link #start()}, {@link #pause()}, {@link #resume()})
 * throw {@link UnsupportedOperationException} when {@link #isControllable()} is {@code false}.
 */
public interface RedisServer extends AutoCloseable {

	/** Host name or address clients connect to. */
	String host();

	/** TCP port clients connect to; it stays the same across {@link #stop()} and {@link #start()}. */
	int port();

	/** {@code redis://host:port}, without credentials or database; see {@link #password()} and {@link #database()}. */
	default String url() {
		String host = host().contains(":") ? "[" + host() + "]" : host();
		return "redis://" + host + ":" + port();
	}

	/** User name for {@code AUTH}, if the server needs one (only from {@code REDIS_URL}). */
	Optional<String> username();

	/** Password for {@code AUTH}, if the server needs one. */
	Optional<String> password();

	/** Database index that {@link #execute(String...)} selects, 0 unless {@code REDIS_URL} names another. */
	int database();

	/** Human description of where the server comes from, e.g. {@code "redis-server on PATH (/usr/bin/redis-server)"}. */
	String source();

	/** Whether this fixture started the server and can therefore stop, kill, restart and pause it. */
	boolean isControllable();

	/** Shuts the server down gracefully and waits until it is gone. */
	void stop();

	/** Kills the server abruptly (SIGKILL), as in a crash. */
	void kill();

	/** Starts the server again on the same host and port and waits until it answers {@code PING}; no-op if running. */
	void start();

	/** Freezes the server (SIGSTOP or docker pause): connections are accepted but nothing is answered. */
	void pause();

	/** Unfreezes a server frozen by {@link #pause()}. */
	void resume();

	/**
	 * Brings a controllable server back to serving, whether a test paused, stopped or killed it.
	 */
	default void restore() {
		try {
			resume();
		}
		catch (IllegalStateException notRunning) {
			start();
		}
	}

	/**
	 * Sends one command on a fresh connection and returns the reply: {@code String} for simple and bulk strings,
	 * {@code Long} for integers, {@code List<Object>} for arrays, {@code null} for nil.
	 *
	 * @throws RedisCommandException when Redis answers with an error
	 * @throws java.io.UncheckedIOException when the server cannot be reached or does not answer within about 2 s
	 */
	Object execute(String... command);

	/** Deletes every key in every database. */
	default void flushAll() {
		execute("FLUSHALL");
	}

	/** The keys matching a glob-style pattern, walked with {@code SCAN} on this server alone. */
	@SuppressWarnings("unchecked")
	default Set<String> keys(String pattern) {
		Set<String> keys = new HashSet<>();
		String cursor = "0";
		do {
			List<Object> reply = (List<Object>) execute("SCAN", cursor, "MATCH", pattern, "COUNT", "1000");
			cursor = (String) reply.get(0);
			((List<Object>) reply.get(1)).forEach((key) -> keys.add((String) key));
		}
		while (!"0".equals(cursor));
		return keys;
	}

	/** Lines of {@code CLIENT LIST}, without the connections this fixture opens itself. */
	List<String> clientList();

	/** Number of client connections, without the connections this fixture opens itself. */
	default int connectedClients() {
		return clientList().size();
	}

	/** Stops and cleans up whatever this fixture started; idempotent, and a no-op for servers it did not start. */
	@Override
	void close();
}
