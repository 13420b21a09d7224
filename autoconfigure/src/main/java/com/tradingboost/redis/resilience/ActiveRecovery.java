package com.tradingboost.redis.resilience;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.IllegalStateTransitionException;

import com.tradingboost.redis.health.RedisHealthMonitor;
import com.tradingboost.redis.health.RedisHealthSnapshot;

/**
 * Lets the health monitor end an outage early: while the breaker is open the monitor probes every
 * {@code probeInterval}, and a successful probe moves the breaker to half-open at once instead of after the whole
 * open wait. An outage a call ran into makes the monitor check at once, so health follows it before the next
 * interval.
 */
public final class ActiveRecovery {

	private final CircuitBreakerCommandGate gate;

	private final Duration probeInterval;

	private ActiveRecovery(CircuitBreakerCommandGate gate, Duration probeInterval) {
		this.gate = gate;
		this.probeInterval = probeInterval;
	}

	/**
	 * Connects a monitor to a gate.
	 * @param monitor the health monitor
	 * @param gate the gate whose breaker to move
	 * @param probeInterval the probe interval while the breaker is open
	 */
	public static void attach(RedisHealthMonitor monitor, CircuitBreakerCommandGate gate, Duration probeInterval) {
		ActiveRecovery recovery = new ActiveRecovery(gate, probeInterval);
		monitor.setNextDelay(recovery::nextDelay);
		monitor.addListener(recovery::onCheck);
		gate.getCircuitBreaker().getEventPublisher().onStateTransition((event) -> {
			if (event.getStateTransition().getToState() == State.OPEN) {
				monitor.checkSoon();
			}
		}).onError((event) -> monitor.failureObserved());
	}

	private Duration nextDelay(Duration interval) {
		State state = this.gate.getCircuitBreaker().getState();
		boolean recovering = state == State.OPEN || state == State.HALF_OPEN;
		return (recovering && this.probeInterval.compareTo(interval) < 0) ? this.probeInterval : interval;
	}

	private void onCheck(RedisHealthSnapshot snapshot) {
		if (snapshot.outcome() == RedisHealthSnapshot.Outcome.UP
				&& this.gate.getCircuitBreaker().getState() == State.OPEN) {
			try {
				this.gate.transition("health probe succeeded", CircuitBreaker::transitionToHalfOpenState);
			}
			catch (IllegalStateTransitionException ex) {
				// Another thread moved the breaker first; nothing left to do.
			}
		}
	}

}
