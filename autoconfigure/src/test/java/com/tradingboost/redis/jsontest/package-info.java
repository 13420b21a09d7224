/**
 * Types outside the test application's packages, for the JSON template's trusted-packages rule.
 */
@NullMarked
package com.tradingboost.redis.jsontest;

import org.jspecify.annotations.NullMarked;
