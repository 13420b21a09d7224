/**
 * Real Redis for tests and local tools, without Docker if need be.
 *
 * <ul>
 * <li>{@link com.tradingboost.redis.testsupport.RedisServers} finds or starts one server ({@code REDIS_URL},
 * Testcontainers, {@code redis-server} on the PATH, or the binary bundled in embedded-redis) and starts the
 * multi-process topologies: {@link com.tradingboost.redis.testsupport.RedisServers#startSentinelSet()} (master,
 * replica, three sentinels) and {@link com.tradingboost.redis.testsupport.RedisServers#startCluster()} (three masters,
 * three replicas).</li>
 * <li>{@link com.tradingboost.redis.testsupport.RedisServerExtension} injects a shared
 * {@link com.tradingboost.redis.testsupport.RedisServer}, a class's own controllable one
 * ({@link com.tradingboost.redis.testsupport.DedicatedRedisServer}), a shared
 * {@link com.tradingboost.redis.testsupport.RedisSentinelSet} or a shared
 * {@link com.tradingboost.redis.testsupport.RedisClusterServers} into JUnit tests.</li>
 * <li>Every process started is a {@link com.tradingboost.redis.testsupport.LocalRedisServer} on a free 127.0.0.1 port
 * that tests may stop, kill, pause and restart; nothing is persisted, and a shutdown hook, a watchdog and a pid
 * registry make sure none outlives the JVM.</li>
 * </ul>
 */
package com.tradingboost.redis.testsupport;
