package com.tradingboost.redis.jsontest;

/**
 * A value type outside the test application's packages.
 * @param name a name
 */
public record OutsideTheApplication(String name) {
}
