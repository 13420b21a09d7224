/**
 * Auto-configuration of the TradingBoost Redis starter and its configuration properties.
 */
@NullMarked
package com.tradingboost.redis.autoconfigure;

import org.jspecify.annotations.NullMarked;
