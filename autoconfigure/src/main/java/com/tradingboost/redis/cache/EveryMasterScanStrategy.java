package com.tradingboost.redis.cache;

import java.time.Duration;

import com.tradingboost.redis.ops.RedisKeyScanner;

import org.springframework.data.redis.cache.BatchStrategy;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * Clears a cache in SCAN batches with the starter's scanner: on a cluster it visits every master that serves slots,
 * where Spring Data's SCAN strategy (through Lettuce's cluster cursor) also tries a failed master that a failover has
 * replaced, and fails until that node is forgotten.
 */
final class EveryMasterScanStrategy implements BatchStrategy {

	private final RedisKeyScanner<byte[]> scanner;

	private final int batchSize;

	EveryMasterScanStrategy(RedisConnectionFactory connectionFactory, int batchSize, Duration timeout) {
		RedisTemplate<byte[], byte[]> template = new RedisTemplate<>();
		template.setConnectionFactory(connectionFactory);
		template.setKeySerializer(RedisSerializer.byteArray());
		template.setValueSerializer(RedisSerializer.byteArray());
		template.afterPropertiesSet();
		this.scanner = new RedisKeyScanner<>(template, timeout);
		this.batchSize = batchSize;
	}

	@Override
	public long cleanCache(RedisConnection connection, String name, byte[] pattern) {
		return this.scanner.deleteByPattern(pattern, this.batchSize);
	}

}
