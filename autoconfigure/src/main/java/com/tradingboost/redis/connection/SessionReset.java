package com.tradingboost.redis.connection;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Puts a dedicated connection back in the state the next borrower expects before it returns to the pool: whatever
 * its borrower left (a WATCH, an open MULTI, another database, a pipeline that was never flushed) is undone, or the
 * connection is closed so that the pool discards it.
 */
final class SessionReset {

	private static final Log logger = LogFactory.getLog(SessionReset.class);

	private SessionReset() {
	}

	static void beforeRelease(StatefulConnection<?, ?> connection, int database, Duration timeout) {
		if (!(connection instanceof RedisChannelHandler<?, ?> handler)
				|| !(handler.getChannelWriter() instanceof GatedChannelWriter writer)) {
			return;
		}
		GatedChannelWriter.SessionLeftovers leftovers = writer.leftovers(database);
		if (leftovers == null) {
			return;
		}
		try {
			if (leftovers.manualFlush()) {
				connection.flushCommands();
				connection.setAutoFlushCommands(true);
			}
			if (!(connection instanceof StatefulRedisConnection<?, ?> redis)) {
				throw new IllegalStateException("no commands to reset " + connection.getClass().getSimpleName());
			}
			RedisAsyncCommands<?, ?> commands = redis.async();
			if (leftovers.inTransaction()) {
				await(commands.discard(), timeout);
			}
			else if (leftovers.watching()) {
				await(commands.unwatch(), timeout);
			}
			if (leftovers.otherDatabase()) {
				await(commands.select(database), timeout);
			}
		}
		catch (Exception ex) {
			logger.debug("Closing a pooled Redis connection that could not be reset (" + leftovers + ")", ex);
			connection.close();
		}
	}

	private static void await(RedisFuture<?> future, Duration timeout) throws Exception {
		future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

}
