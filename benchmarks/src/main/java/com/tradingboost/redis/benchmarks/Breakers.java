package com.tradingboost.redis.benchmarks;

import java.lang.reflect.Method;
import java.util.Optional;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.springframework.context.ApplicationContext;

/**
 * Finds the circuit breaker an application's Redis commands pass: the one of the starter's
 * {@code CircuitBreakerCommandGate} bean ({@code getCircuitBreaker()}), else the instance {@code redis} of the
 * application's {@code CircuitBreakerRegistry}. The gate is looked up by name so that the harness still compiles
 * while the starter's command path is reworked; {@link Found#source()} says which of the two answered.
 */
final class Breakers {

	static final String GATE_CLASS = "com.tradingboost.redis.resilience.CircuitBreakerCommandGate";

	/** A breaker and where it was found. */
	record Found(CircuitBreaker breaker, String source) {

	}

	private Breakers() {
	}

	static Optional<Found> of(ApplicationContext app) {
		try {
			Class<?> gateType = Class.forName(GATE_CLASS, false, app.getClassLoader());
			Object gate = app.getBeanProvider(gateType).getIfUnique();
			if (gate != null) {
				Method getter = gateType.getMethod("getCircuitBreaker");
				Object breaker = getter.invoke(gate);
				if (breaker instanceof CircuitBreaker circuitBreaker) {
					return Optional.of(new Found(circuitBreaker, "`CircuitBreakerCommandGate.getCircuitBreaker()`"));
				}
			}
		}
		catch (ReflectiveOperationException | LinkageError ex) {
			// fall back to the registry below
		}
		CircuitBreakerRegistry registry = app.getBeanProvider(CircuitBreakerRegistry.class).getIfAvailable();
		if (registry == null) {
			return Optional.empty();
		}
		return registry.find("redis").map((breaker) -> new Found(breaker, "the `CircuitBreakerRegistry` instance `redis`"));
	}

	/** The breaker's state, or {@code "no breaker"} when the application has none. */
	static String state(Optional<Found> found) {
		return found.map((f) -> f.breaker().getState().name()).orElse("no breaker");
	}

}
