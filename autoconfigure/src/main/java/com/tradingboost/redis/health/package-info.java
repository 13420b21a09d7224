/**
 * The background Redis health monitor and the health contributors that read its snapshots.
 */
@NullMarked
package com.tradingboost.redis.health;

import org.jspecify.annotations.NullMarked;
