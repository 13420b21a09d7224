package com.tradingboost.redis.resilience;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Runtime hints for the retry predicate Resilience4j creates by class name from
 * {@code resilience4j.retry.instances.redis.retry-exception-predicate}.
 */
class ResilienceRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.reflection().registerType(RedisOutagePredicate.class, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
	}

}
