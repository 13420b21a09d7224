package com.tradingboost.redis.resilience;

import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.retry.Retry;
import org.jspecify.annotations.Nullable;

import com.tradingboost.redis.connection.RedisCommandGate;
import com.tradingboost.redis.health.CircuitBreakerState;
import com.tradingboost.redis.health.CircuitBreakerStateProvider;

/**
 * The command gate backed by a Resilience4j circuit breaker: a call is refused at once while the breaker is open;
 * otherwise it runs, safe reads are retried inside the breaker on outages, and only outages count as failures.
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
	 * @param retryableCommands the commands that are safe to repeat, as Redis command names or connection method
	 * names, in any case
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
		if (RedisOutages.isOutage(failure)) {
			this.breaker.onError(0, this.breaker.getTimestampUnit(), failure);
		}
	}

	@Override
	public <T> T call(String command, RedisCall<T> call) throws Throwable {
		if (!this.breaker.tryAcquirePermission()) {
			throw refused();
		}
		long start = this.breaker.getCurrentTimestamp();
		try {
			T result = invoke(command, call);
			this.breaker.onSuccess(this.breaker.getCurrentTimestamp() - start, this.breaker.getTimestampUnit());
			return result;
		}
		catch (Throwable ex) {
			record(start, ex);
			throw ex;
		}
	}

	/** The first attempt runs bare; a retry context exists only once a safe command has failed. */
	private <T> T invoke(String command, RedisCall<T> call) throws Throwable {
		try {
			return call.invoke();
		}
		catch (Exception first) {
			if (!isRetried(command)) {
				throw first;
			}
			Retry.Context<T> context = this.retry.context();
			Exception last = first;
			while (true) {
				context.onError(last);
				try {
					T result = call.invoke();
					context.onComplete();
					return result;
				}
				catch (Exception ex) {
					last = ex;
				}
			}
		}
	}

	@Override
	public Batch openBatch(String kind) {
		if (!this.breaker.tryAcquirePermission()) {
			throw refused();
		}
		long start = this.breaker.getCurrentTimestamp();
		return new Batch() {

			@Override
			public void succeeded() {
				CircuitBreakerCommandGate.this.breaker.onSuccess(
						CircuitBreakerCommandGate.this.breaker.getCurrentTimestamp() - start,
						CircuitBreakerCommandGate.this.breaker.getTimestampUnit());
			}

			@Override
			public void failed(Throwable failure) {
				record(start, failure);
			}

			@Override
			public void abandoned() {
				CircuitBreakerCommandGate.this.breaker.releasePermission();
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

	private void record(long start, Throwable failure) {
		long duration = this.breaker.getCurrentTimestamp() - start;
		TimeUnit unit = this.breaker.getTimestampUnit();
		if (RedisOutages.isOutage(failure)) {
			this.breaker.onError(duration, unit, failure);
		}
		else {
			this.breaker.onSuccess(duration, unit);
		}
	}

	private RedisCircuitBreakerOpenException refused() {
		return new RedisCircuitBreakerOpenException(this.breaker.getState().name(), this.transitions.since(),
				nextTrial());
	}

}
