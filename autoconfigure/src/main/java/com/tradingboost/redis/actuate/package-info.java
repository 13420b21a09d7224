/**
 * Actuator endpoints for the circuit breaker and the TTL audit.
 */
@NullMarked
package com.tradingboost.redis.actuate;

import org.jspecify.annotations.NullMarked;
