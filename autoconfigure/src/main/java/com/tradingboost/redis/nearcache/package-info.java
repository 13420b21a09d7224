/**
 * A near cache: an in-process L1 in front of chosen Redis caches, kept coherent by Redis's client-side caching.
 */
@NullMarked
package com.tradingboost.redis.nearcache;

import org.jspecify.annotations.NullMarked;
