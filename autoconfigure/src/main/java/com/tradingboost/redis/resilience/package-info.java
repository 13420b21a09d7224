/**
 * The circuit breaker and retry in front of Redis commands, and the classification of outages.
 */
@NullMarked
package com.tradingboost.redis.resilience;

import org.jspecify.annotations.NullMarked;
