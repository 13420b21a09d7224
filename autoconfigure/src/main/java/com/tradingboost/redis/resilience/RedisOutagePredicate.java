package com.tradingboost.redis.resilience;

import java.util.function.Predicate;

/**
 * {@link RedisOutages#isOutage} as a predicate, for {@code resilience4j.retry.instances.redis.retry-exception-predicate}.
 */
public class RedisOutagePredicate implements Predicate<Throwable> {

	@Override
	public boolean test(Throwable failure) {
		return RedisOutages.isOutage(failure);
	}

}
