package com.tradingboost.redis.testsupport;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The places a Redis server can come from, in the order {@link RedisServers#obtain()} tries them. */
public enum RedisServerKind {

	/** An external server named by the {@code REDIS_URL} environment variable; not controllable. */
	URL("url"),

	/** A {@code redis:7-alpine} container started through Testcontainers. */
	TESTCONTAINERS("testcontainers"),

	/** A {@code redis-server} executable from the PATH (or the configured override) run as a child process. */
	PATH("path"),

	/** The Linux/macOS executable bundled in the embedded-redis jar run as a child process. */
	EMBEDDED("embedded");

	private final String propertyValue;

	RedisServerKind(String propertyValue) {
		this.propertyValue = propertyValue;
	}

	/** The value of {@value RedisServers#FIXTURE_PROPERTY} that forces this kind. */
	public String propertyValue() {
		return propertyValue;
	}

	static Optional<RedisServerKind> forced() {
		String value = System.getProperty(RedisServers.FIXTURE_PROPERTY, "").trim().toLowerCase(Locale.ROOT);
		if (value.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(Arrays.stream(values())
				.filter(kind -> kind.propertyValue.equals(value))
				.findFirst()
				.orElseThrow(() -> new IllegalArgumentException("Unknown " + RedisServers.FIXTURE_PROPERTY + "=" + value
						+ "; use one of " + Arrays.stream(values()).map(RedisServerKind::propertyValue)
						.collect(Collectors.joining("|")))));
	}
}
