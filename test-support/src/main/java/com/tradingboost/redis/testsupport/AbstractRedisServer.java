package com.tradingboost.redis.testsupport;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Connection details and the built-in client shared by every kind of server. */
abstract class AbstractRedisServer implements RedisServer {

	static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

	abstract Endpoint endpoint();

	@Override
	public String host() {
		return endpoint().host();
	}

	@Override
	public int port() {
		return endpoint().port();
	}

	@Override
	public Optional<String> username() {
		return Optional.ofNullable(endpoint().username());
	}

	@Override
	public Optional<String> password() {
		return Optional.ofNullable(endpoint().password());
	}

	@Override
	public int database() {
		return endpoint().database();
	}

	@Override
	public Object execute(String... command) {
		if (command.length == 0) {
			throw new IllegalArgumentException("command must not be empty");
		}
		Arrays.stream(command).forEach(Objects::requireNonNull);
		return RespConnection.execute(endpoint(), COMMAND_TIMEOUT, command);
	}

	@Override
	public List<String> clientList() {
		String list = (String) execute("CLIENT", "LIST");
		return list.lines()
				.filter(line -> !line.isBlank())
				.filter(line -> !Arrays.asList(line.split(" ")).contains("name=" + RespConnection.CLIENT_NAME))
				.toList();
	}

	/** One field of {@code INFO <section>}, e.g. {@code role} of {@code replication}; null if the reply has none. */
	String infoField(String section, String field) {
		String prefix = field + ":";
		return ((String) execute("INFO", section)).lines()
				.filter(line -> line.startsWith(prefix))
				.map(line -> line.substring(prefix.length()))
				.findFirst()
				.orElse(null);
	}

	/** Throws {@link IllegalStateException} unless {@link #infoField} is {@code expected}. */
	void requireInfo(String section, String field, String expected) {
		String actual = infoField(section, field);
		if (!expected.equals(actual)) {
			throw new IllegalStateException(url() + " has " + field + ":" + actual + ", not " + expected);
		}
	}

	/** Sends one quick {@code PING}; returns null if it answered {@code PONG}, otherwise what went wrong. */
	static RuntimeException pingOnce(Endpoint endpoint) {
		try {
			Object reply = RespConnection.execute(endpoint, Duration.ofMillis(500), "PING");
			return "PONG".equals(reply) ? null : new IllegalStateException("PING answered " + reply);
		} catch (RuntimeException e) {
			return e;
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for Redis", e);
		}
	}

	@Override
	public String toString() {
		return source() + " at " + url();
	}
}
