package com.tradingboost.redis.ops;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisAccessor;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * What the patterns API takes from the application's template: its connection factory and its serializers, refused
 * at construction when missing.
 */
final class TemplateAccess {

	private TemplateAccess() {
	}

	static RedisConnectionFactory connectionFactory(@Nullable RedisOperations<?, ?> template) {
		RedisArguments.notNull(template, "template");
		if (!(template instanceof RedisAccessor accessor) || accessor.getConnectionFactory() == null) {
			throw new IllegalArgumentException("template must be a RedisTemplate with a connection factory, was "
					+ template.getClass().getName());
		}
		return accessor.getRequiredConnectionFactory();
	}

	@SuppressWarnings("unchecked")
	static <K> RedisSerializer<K> keySerializer(RedisOperations<K, ?> template) {
		return (RedisSerializer<K>) required(template.getKeySerializer(), "key");
	}

	@SuppressWarnings("unchecked")
	static <V> RedisSerializer<V> valueSerializer(RedisOperations<?, V> template) {
		return (RedisSerializer<V>) required(template.getValueSerializer(), "value");
	}

	@SuppressWarnings("unchecked")
	static <HK> RedisSerializer<HK> hashKeySerializer(RedisOperations<?, ?> template) {
		return (RedisSerializer<HK>) required(template.getHashKeySerializer(), "hash key");
	}

	@SuppressWarnings("unchecked")
	static <HV> RedisSerializer<HV> hashValueSerializer(RedisOperations<?, ?> template) {
		return (RedisSerializer<HV>) required(template.getHashValueSerializer(), "hash value");
	}

	private static RedisSerializer<?> required(@Nullable RedisSerializer<?> serializer, String kind) {
		if (serializer == null) {
			throw new IllegalArgumentException("template has no " + kind + " serializer: call afterPropertiesSet() "
					+ "or set one before building the patterns API on it");
		}
		return serializer;
	}

}
