package com.tradingboost.redis.resilience;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import org.jspecify.annotations.Nullable;

/**
 * The last state transitions of the Redis circuit breaker, each with its time and cause.
 */
public final class BreakerTransitions {

	/**
	 * One state transition.
	 *
	 * @param at when it happened
	 * @param from the state before
	 * @param to the state after
	 * @param cause why
	 */
	public record Transition(Instant at, String from, String to, String cause) {

	}

	private final int capacity;

	private final Deque<Transition> transitions = new ArrayDeque<>();

	private volatile Instant since = Instant.now();

	private volatile @Nullable String lastFailure;

	private volatile @Nullable String nextCause;

	BreakerTransitions(CircuitBreaker breaker, int capacity) {
		this.capacity = capacity;
		breaker.getEventPublisher()
			.onError((event) -> this.lastFailure = RedisRootCause.describe(event.getThrowable()))
			.onStateTransition((event) -> record(breaker, event));
	}

	/**
	 * Names the cause of the next transition, when something other than call outcomes makes it.
	 * @param cause the cause
	 */
	void causeOfNextTransition(@Nullable String cause) {
		this.nextCause = cause;
	}

	/**
	 * Returns when the breaker entered its current state.
	 * @return the time of the last transition, or of the breaker's creation
	 */
	public Instant since() {
		return this.since;
	}

	/**
	 * Returns the root cause of the last outage the breaker counted.
	 * @return its description, {@code null} before the first
	 */
	public @Nullable String lastFailure() {
		return this.lastFailure;
	}

	/**
	 * Returns the transitions, oldest first.
	 * @return the recorded transitions
	 */
	public synchronized List<Transition> list() {
		return List.copyOf(this.transitions);
	}

	private void record(CircuitBreaker breaker, CircuitBreakerOnStateTransitionEvent event) {
		Instant at = Instant.from(event.getCreationTime());
		String cause = (this.nextCause != null) ? this.nextCause : cause(breaker, event.getStateTransition());
		this.nextCause = null;
		this.since = at;
		synchronized (this) {
			this.transitions.addLast(new Transition(at, event.getStateTransition().getFromState().name(),
					event.getStateTransition().getToState().name(), cause));
			while (this.transitions.size() > this.capacity) {
				this.transitions.removeFirst();
			}
		}
	}

	private String cause(CircuitBreaker breaker, CircuitBreaker.StateTransition transition) {
		return switch (transition.getToState()) {
			case OPEN -> "failure rate " + breaker.getMetrics().getFailureRate() + "% of the last "
					+ breaker.getMetrics().getNumberOfBufferedCalls() + " calls; last error: " + this.lastFailure;
			case HALF_OPEN -> "open wait duration elapsed";
			case CLOSED -> "trial calls succeeded";
			default -> "state changed";
		};
	}

}
