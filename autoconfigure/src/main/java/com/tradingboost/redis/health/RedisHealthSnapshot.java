package com.tradingboost.redis.health;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What the background monitor last learned about Redis; immutable, so health contributors read it without locks or
 * Redis I/O.
 *
 * @param outcome the result of the last check
 * @param checkedAt when the last check finished, {@code null} before the first
 * @param lastSuccessAt when a check last succeeded, {@code null} if none has
 * @param latency the PING round trip of the last successful check
 * @param consecutiveFailures checks failed in a row since the last success
 * @param lastError what made the last failed check fail (a message, never a credential)
 * @param server the facts from the last {@code INFO} reply
 * @param serverFactsAt when {@code INFO} was last read
 * @param serverFactsUnavailable why the last {@code INFO} was refused, e.g. the user lacks the permission
 * @param cluster what the last check learned about the cluster, {@code null} unless Redis is a cluster
 * @param sentinel what a sentinel last said about the master, {@code null} unless Redis runs under Sentinel
 * @param authenticationFailed whether the last check failed because Redis refused the credentials
 */
public record RedisHealthSnapshot(Outcome outcome, @Nullable Instant checkedAt, @Nullable Instant lastSuccessAt,
		@Nullable Duration latency, int consecutiveFailures, @Nullable String lastError,
		@Nullable RedisServerFacts server, @Nullable Instant serverFactsAt, @Nullable String serverFactsUnavailable,
		@Nullable RedisClusterFacts cluster, @Nullable RedisSentinelFacts sentinel, boolean authenticationFailed) {

	/**
	 * The result of a check.
	 */
	public enum Outcome {

		/** No check has finished yet. */
		NOT_CHECKED,

		/**
		 * Redis answered PING within the probe timeout; the facts of a cluster may still make it DOWN, see
		 * {@link RedisClusterFacts#downReason()}.
		 */
		UP,

		/** The check failed: no connection, an error, or no answer within the probe timeout. */
		DOWN

	}

	static RedisHealthSnapshot notChecked() {
		return new RedisHealthSnapshot(Outcome.NOT_CHECKED, null, null, null, 0, null, null, null, null, null, null,
				false);
	}

	RedisHealthSnapshot succeeded(Instant at, Duration latency, @Nullable RedisServerFacts facts,
			@Nullable String serverFactsUnavailable, @Nullable RedisClusterFacts cluster,
			@Nullable RedisSentinelFacts sentinel) {
		return new RedisHealthSnapshot(Outcome.UP, at, at, latency, 0, this.lastError,
				(facts != null) ? facts : this.server, (facts != null) ? at : this.serverFactsAt, serverFactsUnavailable,
				cluster, sentinel, false);
	}

	RedisHealthSnapshot failed(Instant at, String error) {
		return failed(at, error, false);
	}

	RedisHealthSnapshot failed(Instant at, String error, boolean authenticationFailed) {
		return new RedisHealthSnapshot(Outcome.DOWN, at, this.lastSuccessAt, this.latency, this.consecutiveFailures + 1,
				error, this.server, this.serverFactsAt, this.serverFactsUnavailable, this.cluster, this.sentinel,
				authenticationFailed);
	}

	RedisHealthSnapshot withSentinel(@Nullable RedisSentinelFacts facts) {
		return (facts != null) ? new RedisHealthSnapshot(this.outcome, this.checkedAt, this.lastSuccessAt, this.latency,
				this.consecutiveFailures, this.lastError, this.server, this.serverFactsAt, this.serverFactsUnavailable,
				this.cluster, facts, this.authenticationFailed) : this;
	}

	/**
	 * Tells whether the last check is older than the given age, as when the monitor has stopped checking.
	 * @param now the current time
	 * @param maxAge the oldest a check may be
	 * @return {@code true} if no check finished within {@code maxAge}
	 */
	public boolean isStale(Instant now, Duration maxAge) {
		return this.checkedAt == null || this.checkedAt.plus(maxAge).isBefore(now);
	}

}
