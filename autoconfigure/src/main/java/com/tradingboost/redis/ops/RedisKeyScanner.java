package com.tradingboost.redis.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Walks keys with SCAN, never KEYS, so a large keyspace never blocks the server.
 */
public final class RedisKeyScanner {

	private final StringRedisTemplate redis;

	public RedisKeyScanner(StringRedisTemplate redis) {
		this.redis = redis;
	}

	/**
	 * Streams the keys that match a pattern; close the stream (try-with-resources) to release the cursor.
	 * @param pattern a glob-style pattern, e.g. {@code user:*}
	 * @param count the hint of keys per SCAN call
	 * @param limit the most keys to return
	 * @return the keys, each once unless it was added or removed while scanning
	 */
	public Stream<String> scan(String pattern, int count, long limit) {
		RedisArguments.key(pattern, "pattern");
		RedisArguments.positive(count, "count");
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1, was " + limit);
		}
		Cursor<String> cursor = this.redis.scan(ScanOptions.scanOptions().match(pattern).count(count).build());
		return cursor.stream().limit(limit).onClose(cursor::close);
	}

	/**
	 * Deletes the keys that match a pattern with SCAN and UNLINK, a batch at a time.
	 * @param pattern a glob-style pattern
	 * @param batchSize keys per SCAN hint and per UNLINK
	 * @return how many keys were deleted
	 */
	public long deleteByPattern(String pattern, int batchSize) {
		RedisArguments.key(pattern, "pattern");
		RedisArguments.positive(batchSize, "batchSize");
		long deleted = 0;
		try (Cursor<String> cursor = this.redis
			.scan(ScanOptions.scanOptions().match(pattern).count(batchSize).build())) {
			List<String> batch = new ArrayList<>(batchSize);
			while (cursor.hasNext()) {
				batch.add(cursor.next());
				if (batch.size() == batchSize) {
					deleted += unlink(batch);
				}
			}
			deleted += unlink(batch);
		}
		return deleted;
	}

	private long unlink(List<String> batch) {
		if (batch.isEmpty()) {
			return 0;
		}
		Long unlinked = this.redis.unlink(batch);
		batch.clear();
		return (unlinked != null) ? unlinked : 0;
	}

}
