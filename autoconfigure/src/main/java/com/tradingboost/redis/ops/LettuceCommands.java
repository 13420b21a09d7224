package com.tradingboost.redis.ops;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.jspecify.annotations.Nullable;

import com.tradingboost.redis.connection.RedisCommandRefusal;
import com.tradingboost.redis.connection.RedisConnectionLostException;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceExceptionConverter;
import org.springframework.data.redis.core.RedisOperations;

/**
 * Lettuce's own connection behind a Spring Data Redis connection factory, for work Spring Data has no API for
 * (pipelined batches per cluster node, SCAN across every master, scripts): the commands still pass the starter's gate
 * (breaker, retry, meters), which sits on every Lettuce connection. A Spring Data connection is held only while the
 * work's future runs, so nothing leaks when a caller walks away.
 */
final class LettuceCommands {

	private static final LettuceExceptionConverter EXCEPTIONS = new LettuceExceptionConverter();

	private final RedisConnectionFactory factory;

	private final Duration timeout;

	LettuceCommands(RedisConnectionFactory factory, Duration timeout) {
		if (!(factory instanceof LettuceConnectionFactory)) {
			throw new IllegalArgumentException(
					"The patterns API needs a LettuceConnectionFactory, the template uses " + factory.getClass().getName());
		}
		this.factory = factory;
		this.timeout = RedisArguments.ttl(timeout, "timeout");
	}

	/**
	 * Native access through a template's connection factory.
	 * @param template a {@code RedisTemplate}
	 * @param timeout the longest to wait for a reply
	 * @return the access
	 */
	static LettuceCommands of(@Nullable RedisOperations<?, ?> template, Duration timeout) {
		return new LettuceCommands(TemplateAccess.connectionFactory(template), timeout);
	}

	/** Whether the factory talks to a Redis Cluster. */
	boolean isCluster() {
		return ((LettuceConnectionFactory) this.factory).isClusterAware();
	}

	Duration timeout() {
		return this.timeout;
	}

	/** The same access with another timeout. */
	LettuceCommands withTimeout(Duration timeout) {
		return new LettuceCommands(this.factory, timeout);
	}

	/**
	 * Starts asynchronous work on a Lettuce connection; the Spring Data connection is closed when the work ends.
	 * @param <T> the result type
	 * @param work the work, given the native connection (a {@link StatefulRedisConnection} or a
	 * {@link StatefulRedisClusterConnection})
	 * @return the work's result
	 */
	<T> CompletableFuture<T> start(Function<StatefulConnection<byte[], byte[]>, CompletionStage<T>> work) {
		RedisConnection connection;
		try {
			connection = this.factory.getConnection();
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		CompletableFuture<T> result;
		try {
			result = work.apply(statefulConnection(connection.getNativeConnection())).toCompletableFuture();
		}
		catch (RuntimeException ex) {
			result = CompletableFuture.failedFuture(ex);
		}
		return result.whenComplete((value, failure) -> connection.close());
	}

	/**
	 * Runs asynchronous work on a Lettuce connection and waits for it.
	 * @param <T> the result type
	 * @param what what the work is, for the timeout's message
	 * @param work the work
	 * @return the work's result
	 */
	<T> T run(String what, Function<StatefulConnection<byte[], byte[]>, CompletionStage<T>> work) {
		return await(start(work), what);
	}

	<T> T await(CompletableFuture<T> future, String what) {
		try {
			return future.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			future.cancel(false);
			throw new QueryTimeoutException(what + " got no reply within " + this.timeout.toMillis() + " ms", ex);
		}
		catch (ExecutionException ex) {
			throw translate(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RedisSystemException("Interrupted while waiting for " + what, ex);
		}
	}

	/** The native asynchronous commands of a connection, the same type for one server and a cluster. */
	static RedisClusterAsyncCommands<byte[], byte[]> async(StatefulConnection<byte[], byte[]> connection) {
		if (connection instanceof StatefulRedisClusterConnection<byte[], byte[]> cluster) {
			return cluster.async();
		}
		return ((StatefulRedisConnection<byte[], byte[]>) connection).async();
	}

	/** Spring's exception for a Lettuce failure, the way Spring Data Redis translates it. */
	static RuntimeException translate(@Nullable Throwable failure) {
		failure = unwrap(failure);
		if (failure instanceof DataAccessException access) {
			return access;
		}
		DataAccessException converted = (failure instanceof Exception ex) ? EXCEPTIONS.convert(ex) : null;
		if (converted != null) {
			return converted;
		}
		return (failure instanceof RuntimeException runtime) ? runtime
				: new RedisSystemException("Redis command failed", failure);
	}

	/**
	 * Tells whether a failed command certainly did not run: refused by the gate, not sent, or answered with an error;
	 * any other failure (a lost reply, a timeout) leaves it unknown.
	 */
	static boolean certainlyDidNotRun(Throwable failure) {
		failure = unwrap(failure);
		if (failure instanceof RedisCommandRefusal || failure instanceof RedisCommandExecutionException) {
			return true;
		}
		return failure instanceof RedisConnectionLostException lost && !lost.mayHaveRun();
	}

	private static @Nullable Throwable unwrap(@Nullable Throwable failure) {
		while (failure instanceof CompletionException || failure instanceof ExecutionException) {
			failure = failure.getCause();
		}
		return failure;
	}

	@SuppressWarnings("unchecked")
	private static StatefulConnection<byte[], byte[]> statefulConnection(@Nullable Object nativeConnection) {
		if (nativeConnection instanceof RedisAdvancedClusterAsyncCommands<?, ?> cluster) {
			return (StatefulConnection<byte[], byte[]>) cluster.getStatefulConnection();
		}
		if (nativeConnection instanceof RedisAsyncCommands<?, ?> standalone) {
			return (StatefulConnection<byte[], byte[]>) standalone.getStatefulConnection();
		}
		throw new IllegalStateException("Not a Lettuce connection: " + nativeConnection);
	}

}
