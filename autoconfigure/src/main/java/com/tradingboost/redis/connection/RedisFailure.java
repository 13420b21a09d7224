package com.tradingboost.redis.connection;

import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisLoadingException;
import io.netty.channel.ChannelException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.PoolException;
import org.springframework.data.redis.serializer.SerializationException;

/**
 * Why a Redis call failed, told by the exception types in its cause chain and never by message text: the one
 * classification the circuit breaker, the retry, the fail-soft cache, the meters and the web layer share.
 */
public enum RedisFailure {

	/** The circuit breaker refused the call without any I/O. */
	REFUSED(false),

	/** No connection: refused, reset, closed or lost, or rejected while reconnecting. */
	NOT_CONNECTED(true),

	/** The command timed out. */
	TIMEOUT(true),

	/** No pooled connection became free within the pool's max-wait. */
	POOL_EXHAUSTED(true),

	/** The server answered that it cannot serve now: LOADING, BUSY, MASTERDOWN, CLUSTERDOWN, TRYAGAIN, READONLY. */
	SERVER_UNAVAILABLE(true),

	/**
	 * The server refused the credentials (WRONGPASS, NOAUTH): a configuration error that no command can get past, so it
	 * counts as an outage.
	 */
	AUTHENTICATION(true),

	/** The user may not run this command or touch this key (NOPERM): a configuration error of one command. */
	PERMISSION(false),

	/** The caller's own error: wrong type, syntax, script, serialization, or an exception of the caller's code. */
	CALLER(false);

	private final boolean outage;

	RedisFailure(boolean outage) {
		this.outage = outage;
	}

	/**
	 * Tells whether the failure means Redis is unavailable, so it counts towards opening the circuit breaker.
	 * @return {@code true} for an outage
	 */
	public boolean isOutage() {
		return this.outage;
	}

	/**
	 * Tells whether a fallback should serve the call instead: an outage, or a refusal by the circuit breaker.
	 * @return {@code true} when Redis cannot serve the call now
	 */
	public boolean isUnavailable() {
		return this.outage || this == REFUSED;
	}

	/**
	 * Classifies a failure as thrown by Lettuce, Spring Data Redis or the starter.
	 * @param failure the failure
	 * @return its kind, {@link #CALLER} when nothing in the chain says otherwise
	 */
	public static RedisFailure of(Throwable failure) {
		RedisFailure connection = null;
		int depth = 0;
		for (Throwable cause = failure; cause != null && depth < 16; cause = cause.getCause(), depth++) {
			if (cause instanceof RedisCommandRefusal
					|| cause.getClass().getName().equals("io.github.resilience4j.circuitbreaker.CallNotPermittedException")) {
				return REFUSED;
			}
			if (cause instanceof SerializationException) {
				return CALLER;
			}
			if (cause instanceof RedisPoolExhaustedException
					|| (cause instanceof PoolException && cause.getCause() instanceof NoSuchElementException)) {
				return POOL_EXHAUSTED;
			}
			if (cause instanceof RedisCommandTimeoutException || cause instanceof QueryTimeoutException
					|| cause instanceof TimeoutException) {
				return TIMEOUT;
			}
			if (cause instanceof RedisLoadingException || cause instanceof RedisBusyException) {
				return SERVER_UNAVAILABLE;
			}
			if (cause instanceof RedisCommandExecutionException reply) {
				RedisFailure kind = ofErrorReply(reply.getMessage());
				return (kind == CALLER && connection != null) ? connection : kind;
			}
			if (connection == null && (cause instanceof RedisConnectionException
					|| cause instanceof RedisConnectionFailureException || cause instanceof ChannelException
					|| cause instanceof SocketException || cause instanceof ClosedChannelException
					|| cause.getClass().getName().equals("io.netty.channel.unix.Errors$NativeIoException"))) {
				// A failed connect may hold the server's reply (WRONGPASS) deeper down.
				connection = NOT_CONNECTED;
			}
		}
		return (connection != null) ? connection : CALLER;
	}

	/**
	 * Classifies an error reply by its error code, the first word of the reply.
	 * @param reply the error reply, such as {@code LOADING Redis is loading the dataset in memory}
	 * @return its kind
	 */
	public static RedisFailure ofErrorReply(@Nullable String reply) {
		if (reply == null) {
			return CALLER;
		}
		int space = reply.indexOf(' ');
		String code = ((space == -1) ? reply : reply.substring(0, space)).toUpperCase(Locale.ROOT);
		return switch (code) {
			case "LOADING", "BUSY", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN", "READONLY" -> SERVER_UNAVAILABLE;
			case "WRONGPASS", "NOAUTH" -> AUTHENTICATION;
			case "NOPERM" -> PERMISSION;
			case "ERR" -> isLegacyAuthenticationReply(reply.toUpperCase(Locale.ROOT)) ? AUTHENTICATION : CALLER;
			default -> CALLER;
		};
	}

	/** Servers before Redis 6 and AUTH without a configured password answer ERR rather than WRONGPASS. */
	private static boolean isLegacyAuthenticationReply(String reply) {
		return reply.startsWith("ERR INVALID PASSWORD") || reply.startsWith("ERR AUTH")
				|| reply.startsWith("ERR CLIENT SENT AUTH");
	}

}
