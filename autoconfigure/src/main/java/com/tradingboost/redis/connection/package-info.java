/**
 * The shared Lettuce connection factory, its command gate and pool facts.
 */
@NullMarked
package com.tradingboost.redis.connection;

import org.jspecify.annotations.NullMarked;
