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

	/** A key: not {@code null}, and not empty when it is a {@code String} or a {@code byte[]}. */
	static <K> K key(@Nullable K key, String name) {
		if (key == null || (key instanceof CharSequence text && text.isEmpty())
				|| (key instanceof byte[] bytes && bytes.length == 0)) {
			throw new IllegalArgumentException(name + " must not be null or empty");
		}
		return key;
	}

	static <K, C extends Collection<K>> C keys(@Nullable C keys, String name) {
		if (keys == null) {
			throw new IllegalArgumentException(name + " must not be null");
		}
		for (K key : keys) {
			key(key, "every key in " + name);
		}
		return keys;
	}

	static <K, V> Map<K, V> entries(@Nullable Map<K, V> entries, String name) {
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

	static <T> T notNull(@Nullable T value, String name) {
		if (value == null) {
			throw new IllegalArgumentException(name + " must not be null");
		}
		return value;
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
