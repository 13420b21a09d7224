package com.tradingboost.redis.connection;

/**
 * Marks an exception that refused a Redis command before any I/O, such as an open circuit breaker's.
 */
public interface RedisCommandRefusal {

}
