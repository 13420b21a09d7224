package com.tradingboost.redis.testsupport;

/** Starts a local server without closing it, prints its pid and port, then waits to be killed or, with "exit", returns. */
public final class OrphanedServerMain {

	private OrphanedServerMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		LocalRedisServer redis = RedisServers.startLocal();
		System.out.println("pid=" + redis.pid().orElseThrow() + " port=" + redis.port());
		System.out.flush();
		if (args.length == 0 || !args[0].equals("exit")) {
			Thread.sleep(60_000);
		}
	}
}
