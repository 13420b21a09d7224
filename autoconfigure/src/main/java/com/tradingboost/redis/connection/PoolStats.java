package com.tradingboost.redis.connection;

/**
 * Counters of one connection pool Spring Data Redis uses, read without any Redis I/O.
 *
 * @param name the pool's kind: {@code sync}, the pools of dedicated connections (transactions, pipelines, blocking
 * commands) of templates and reactive templates alike
 * @param max the pool's connection ceiling
 * @param active connections borrowed right now (the shared connection is one of them)
 * @param idle connections waiting in the pool
 * @param waiting threads waiting for a connection
 * @param created connections created since the pool was made, or {@link #UNKNOWN}
 * @param destroyed connections closed since the pool was made, or {@link #UNKNOWN}
 */
public record PoolStats(String name, int max, int active, int idle, int waiting, long created, long destroyed) {

	/** Value of a counter the pool does not keep. */
	public static final long UNKNOWN = -1;

}
