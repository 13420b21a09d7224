/**
 * Micrometer meters for Redis commands, pools and server facts.
 */
@NullMarked
package com.tradingboost.redis.metrics;

import org.jspecify.annotations.NullMarked;
