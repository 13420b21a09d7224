package com.tradingboost.redis.resilience;

import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.retry.Retry;
import io.lettuce.core.protocol.ProtocolKeyword;
import org.jspecify.annotations.Nullable;

import com.tradingboost.redis.connection.RedisCommandGate;
import com.tradingboost.redis.connection.RedisFailure;
import com.tradingboost.redis.health.CircuitBreakerState;
import com.tradingboost.redis.health.CircuitBreakerStateProvider;

/**
 * The command gate backed by a Resilience4j circuit breaker: every command is one call, refused at once while the
 * breaker is open; only outages count as failures; a safe command whose connection was lost before its reply began is
 * retried with the Resilience4j retry {@code redis}, never past the command timeout.
 */
public final class CircuitBreakerCommandGate implements RedisCommandGate, CircuitBreakerStateProvider {

	private final CircuitBreaker breaker;

	private final @Nullable Retry retry;

	private final Set<String> retryableCommands;

	private final BreakerTransitions transitions;

	/**
	 * Creates a gate.
	 * @param breaker the circuit breaker
	 * @param retry the retry for safe commands, or {@code null} for none
	 * @param retryableCommands the Redis commands that are safe to repeat, in any case
	 * @param historySize how many state transitions to keep
	 */
	public CircuitBreakerCommandGate(CircuitBreaker breaker, @Nullable Retry retry,
			Collection<String> retryableCommands, int historySize) {
		this.breaker = breaker;
		this.retry = retry;
		this.retryableCommands = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
		this.retryableCommands.addAll(retryableCommands);
		this.transitions = new BreakerTransitions(breaker, historySize);
	}

	public CircuitBreaker getCircuitBreaker() {
		return this.breaker;
	}

	public BreakerTransitions getTransitions() {
		return this.transitions;
	}

	/**
	 * Tells whether a command is retried on outages.
	 * @param command the command or method name
	 * @return {@code true} if it is safe to repeat and retry is on
	 */
	public boolean isRetried(String command) {
		return this.retry != null && this.retryableCommands.contains(command);
	}

	/**
	 * Makes a state transition on behalf of someone, recording who.
	 * @param cause the cause to record
	 * @param transition the transition, e.g. {@code CircuitBreaker::transitionToHalfOpenState}
	 */
	public void transition(String cause, java.util.function.Consumer<CircuitBreaker> transition) {
		this.transitions.causeOfNextTransition(cause);
		try {
			transition.accept(this.breaker);
		}
		finally {
			this.transitions.causeOfNextTransition(null);
		}
	}

	@Override
	public void beforeConnection() {
		State state = this.breaker.getState();
		if (state == State.OPEN || state == State.FORCED_OPEN) {
			// Asked, not just read, so the refusal is counted and an elapsed open wait can end.
			if (!this.breaker.tryAcquirePermission()) {
				throw refused();
			}
			this.breaker.releasePermission();
		}
	}

	@Override
	public void connectionFailed(RuntimeException failure) {
		if (RedisFailure.of(failure).isOutage()) {
			this.breaker.onError(0, TimeUnit.NANOSECONDS, failure);
		}
	}

	@Override
	public @Nullable RuntimeException tryAcquire() {
		return this.breaker.tryAcquirePermission() ? null : refused();
	}

	@Override
	public void onResult(long nanos, @Nullable RedisFailure failure, @Nullable Throwable cause) {
		if (failure != null && failure.isOutage() && cause != null) {
			this.breaker.onError(nanos, TimeUnit.NANOSECONDS, cause);
		}
		else {
			this.breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
		}
	}

	@Override
	public void release() {
		this.breaker.releasePermission();
	}

	@Override
	public CommandRetry retry(ProtocolKeyword command) {
		if (!isRetried(command.toString())) {
			return CommandRetry.NONE;
		}
		Retry.AsyncContext<Object> context = this.retry.asyncContext();
		return new CommandRetry() {

			@Override
			public long nextDelayMillis(Throwable failure) {
				return context.onError(failure);
			}

			@Override
			public void succeeded() {
				context.onComplete();
			}

		};
	}

	@Override
	public CircuitBreakerState currentState() {
		State state = this.breaker.getState();
		float failureRate = this.breaker.getMetrics().getFailureRate();
		return new CircuitBreakerState(state.name(), (failureRate < 0) ? null : failureRate, this.transitions.since(),
				state == State.OPEN || state == State.FORCED_OPEN);
	}

	/**
	 * Returns when the breaker lets a trial call through by itself, if it will.
	 * @return the next trial time, or {@code null} unless the breaker is OPEN
	 */
	public @Nullable Instant nextTrial() {
		if (this.breaker.getState() != State.OPEN) {
			return null;
		}
		long waitMillis = this.breaker.getCircuitBreakerConfig()
			.getWaitIntervalFunctionInOpenState()
			.apply(1);
		return this.transitions.since().plusMillis(waitMillis);
	}

	private RedisCircuitBreakerOpenException refused() {
		return new RedisCircuitBreakerOpenException(this.breaker.getState().name(), this.transitions.since(),
				nextTrial(), this.transitions.lastFailure());
	}

}
