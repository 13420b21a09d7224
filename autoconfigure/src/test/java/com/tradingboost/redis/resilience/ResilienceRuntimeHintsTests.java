package com.tradingboost.redis.resilience;

import org.junit.jupiter.api.Test;


import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime hints registered through {@code META-INF/spring/aot.factories} cover what the starter creates by name.
 */
class ResilienceRuntimeHintsTests {

	private final RuntimeHints hints = registered();

	@Test
	void theRetryPredicateResilience4jCreatesByName() {
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(RedisOutagePredicate.class)
			.withMemberCategory(MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS)).accepts(this.hints);
	}

	private static RuntimeHints registered() {
		RuntimeHints hints = new RuntimeHints();
		SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)
			.forEach((registrar) -> registrar.registerHints(hints, ResilienceRuntimeHintsTests.class.getClassLoader()));
		return hints;
	}

}
