package com.tradingboost.redis.health;

import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code field:value} lines of an {@code INFO} or {@code CLUSTER INFO} reply.
 */
final class InfoFields {

	private InfoFields() {
	}

	static Map<String, String> parse(String reply) {
		Map<String, String> fields = new HashMap<>();
		reply.lines().forEach((line) -> {
			int colon = line.indexOf(':');
			if (colon > 0 && !line.startsWith("#")) {
				fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
			}
		});
		return fields;
	}

	static @Nullable Long number(@Nullable String value) {
		try {
			return (value != null) ? Long.valueOf(value) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
