/**
 * Spring Cache on the shared factory: per-cache TTLs and fail-soft error handling.
 */
@NullMarked
package com.tradingboost.redis.cache;

import org.jspecify.annotations.NullMarked;
