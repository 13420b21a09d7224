package com.tradingboost.redis.connection;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.lettuce.core.support.BoundedAsyncPool;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ReflectionUtils;

/**
 * Reads the pools inside a {@link LettuceConnectionFactory}, which Spring Data Redis keeps private
 * (spring-data-redis#2275): the factory's providers, their exception-translating wrapper, and the pooling provider's
 * sync and async pools. If a Spring Data Redis upgrade moves them, this reports no pools and logs it once.
 */
final class SpringDataRedisPools {

	private static final Log logger = LogFactory.getLog(SpringDataRedisPools.class);

	private static volatile boolean warned;

	private SpringDataRedisPools() {
	}

	static List<PoolStats> read(LettuceConnectionFactory factory) {
		List<PoolStats> stats = new ArrayList<>();
		try {
			collect("sync", get(field(LettuceConnectionFactory.class, "connectionProvider"), factory), stats);
			collect("reactive", get(field(LettuceConnectionFactory.class, "reactiveConnectionProvider"), factory),
					stats);
		}
		catch (RuntimeException ex) {
			if (!warned) {
				warned = true;
				logger.warn("Cannot read Spring Data Redis connection pools; pool facts are not reported", ex);
			}
			return List.of();
		}
		return stats;
	}

	private static void collect(String name, @Nullable Object provider, List<PoolStats> stats) {
		Object pooling = (provider != null) ? get(field(provider.getClass(), "delegate"), provider) : null;
		if (pooling == null || !pooling.getClass().getSimpleName().equals("LettucePoolingConnectionProvider")) {
			return;
		}
		Map<?, ?> pools = (Map<?, ?>) get(field(pooling.getClass(), "pools"), pooling);
		Map<?, ?> asyncPools = (Map<?, ?>) get(field(pooling.getClass(), "asyncPools"), pooling);
		for (Object pool : pools.values()) {
			GenericObjectPool<?> sync = (GenericObjectPool<?>) pool;
			stats.add(new PoolStats(name, sync.getMaxTotal(), sync.getNumActive(), sync.getNumIdle(),
					sync.getNumWaiters(), sync.getCreatedCount(), sync.getDestroyedCount()));
		}
		for (Object pool : asyncPools.values()) {
			if (pool instanceof BoundedAsyncPool<?> async) {
				stats.add(new PoolStats(name + "-async", async.getMaxTotal(),
						async.getObjectCount() - async.getIdle(), async.getIdle(), 0, PoolStats.UNKNOWN, PoolStats.UNKNOWN));
			}
		}
	}

	private static Field field(Class<?> type, String name) {
		Field field = ReflectionUtils.findField(type, name);
		if (field == null) {
			throw new IllegalStateException("No field '" + name + "' in " + type.getName());
		}
		ReflectionUtils.makeAccessible(field);
		return field;
	}

	private static @Nullable Object get(Field field, Object target) {
		return ReflectionUtils.getField(field, target);
	}

}
