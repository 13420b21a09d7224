package com.tradingboost.redis.ops;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Refuses bad input before any I/O, naming the argument.
 */
final class RedisArguments {

	private RedisArguments() {
	}

	static String key(@Nullable String key, String name) {
		if (key == null || key.isEmpty()) {
			throw new IllegalArgumentException(name + " must not be null or empty");
		}
		return key;
	}

	static <T extends Collection<String>> T keys(@Nullable T keys, String name) {
		if (keys == null) {
			throw new IllegalArgumentException(name + " must not be null");
		}
		for (String key : keys) {
			key(key, "every key in " + name);
		}
		return keys;
	}

	static <V> Map<String, V> entries(@Nullable Map<String, V> entries, String name) {
		if (entries == null) {
			throw new IllegalArgumentException(name + " must not be null");
		}
		entries.forEach((key, value) -> {
			key(key, "every key in " + name);
			if (value == null) {
				throw new IllegalArgumentException("the value of '" + key + "' in " + name + " must not be null");
			}
		});
		return entries;
	}

	static Duration ttl(@Nullable Duration ttl, String name) {
		if (ttl == null || ttl.isZero() || ttl.isNegative()) {
			throw new IllegalArgumentException(name + " must be a positive duration, was " + ttl);
		}
		return ttl;
	}

	static int positive(int value, String name) {
		if (value < 1) {
			throw new IllegalArgumentException(name + " must be at least 1, was " + value);
		}
		return value;
	}

}
