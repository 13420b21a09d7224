package com.tradingboost.redis.testsupport;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** Every server this JVM started and has not closed yet, closed by a shutdown hook if nobody else does. */
final class OpenServers {

	private static final Set<RedisServer> OPEN = ConcurrentHashMap.newKeySet();
	private static final AtomicBoolean HOOK_INSTALLED = new AtomicBoolean();

	private OpenServers() {
	}

	static void track(RedisServer server) {
		if (HOOK_INSTALLED.compareAndSet(false, true)) {
			Runtime.getRuntime().addShutdownHook(new Thread(OpenServers::closeAll, "tradingboost-redis-fixture-shutdown"));
		}
		OPEN.add(server);
	}

	static void untrack(RedisServer server) {
		OPEN.remove(server);
	}

	private static void closeAll() {
		for (RedisServer server : List.copyOf(OPEN)) {
			try {
				server.close();
			} catch (RuntimeException e) {
				System.err.println("Could not close " + server + ": " + e);
			}
		}
	}
}
