/**
 * Patterns every Redis user writes by hand: batches, SCAN, optimistic updates, queues, TTL presets and audit.
 */
@NullMarked
package com.tradingboost.redis.ops;

import org.jspecify.annotations.NullMarked;
