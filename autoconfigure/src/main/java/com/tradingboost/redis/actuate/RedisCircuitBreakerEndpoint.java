package com.tradingboost.redis.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.IllegalStateTransitionException;

import com.tradingboost.redis.resilience.BreakerTransitions;
import com.tradingboost.redis.resilience.CircuitBreakerCommandGate;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The Redis circuit breaker for operators: its state with the Redis context that Resilience4j's
 * {@code circuitbreakers} endpoint lacks, and transitions (close, force-open, half-open, reset). Writes need
 * {@code management.endpoint.rediscircuitbreaker.access=unrestricted}.
 */
@Endpoint(id = "rediscircuitbreaker", defaultAccess = Access.READ_ONLY)
public class RedisCircuitBreakerEndpoint {

	private static final Map<String, Consumer<CircuitBreaker>> TRANSITIONS = Map.of("close",
			CircuitBreaker::transitionToClosedState, "force-open", CircuitBreaker::transitionToForcedOpenState,
			"half-open", CircuitBreaker::transitionToHalfOpenState, "reset", CircuitBreaker::reset);

	private final CircuitBreakerCommandGate gate;

	public RedisCircuitBreakerEndpoint(CircuitBreakerCommandGate gate) {
		this.gate = gate;
	}

	@ReadOperation
	public Map<String, Object> circuitBreaker() {
		CircuitBreaker breaker = this.gate.getCircuitBreaker();
		CircuitBreaker.Metrics metrics = breaker.getMetrics();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", breaker.getName());
		body.put("state", breaker.getState().name());
		body.put("since", this.gate.getTransitions().since().toString());
		if (this.gate.nextTrial() != null) {
			body.put("nextTrial", this.gate.nextTrial().toString());
		}
		body.put("failureRate", metrics.getFailureRate());
		body.put("bufferedCalls", metrics.getNumberOfBufferedCalls());
		body.put("failedCalls", metrics.getNumberOfFailedCalls());
		body.put("successfulCalls", metrics.getNumberOfSuccessfulCalls());
		body.put("notPermittedCalls", metrics.getNumberOfNotPermittedCalls());
		body.put("config", config(breaker.getCircuitBreakerConfig()));
		body.put("transitions", transitions(this.gate.getTransitions().list()));
		return body;
	}

	/**
	 * Changes the breaker's state.
	 * @param action one of {@code close}, {@code force-open}, {@code half-open}, {@code reset}
	 * @return the breaker after the change
	 */
	@WriteOperation
	public Map<String, Object> transition(String action) {
		Consumer<CircuitBreaker> transition = TRANSITIONS.get(action.toLowerCase(Locale.ROOT));
		if (transition == null) {
			String message = "Unknown action '" + action + "'; use one of close, force-open, half-open, reset";
			throw new InvalidEndpointRequestException(message, message);
		}
		try {
			this.gate.transition("operator: " + action, transition);
		}
		catch (IllegalStateTransitionException ex) {
			String message = "Cannot " + action + " a breaker that is " + this.gate.getCircuitBreaker().getState();
			throw new InvalidEndpointRequestException(message, message);
		}
		return circuitBreaker();
	}

	private static Map<String, Object> config(CircuitBreakerConfig config) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("slidingWindowType", config.getSlidingWindowType().name());
		body.put("slidingWindowSize", config.getSlidingWindowSize());
		body.put("minimumNumberOfCalls", config.getMinimumNumberOfCalls());
		body.put("failureRateThreshold", config.getFailureRateThreshold());
		body.put("waitDurationInOpenStateMs", config.getWaitIntervalFunctionInOpenState().apply(1));
		body.put("permittedNumberOfCallsInHalfOpenState", config.getPermittedNumberOfCallsInHalfOpenState());
		body.put("automaticTransitionFromOpenToHalfOpenEnabled",
				config.isAutomaticTransitionFromOpenToHalfOpenEnabled());
		return body;
	}

	private static List<Map<String, Object>> transitions(List<BreakerTransitions.Transition> transitions) {
		return transitions.stream().map((transition) -> {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("at", transition.at().toString());
			body.put("from", transition.from());
			body.put("to", transition.to());
			body.put("cause", transition.cause());
			return body;
		}).toList();
	}

}
