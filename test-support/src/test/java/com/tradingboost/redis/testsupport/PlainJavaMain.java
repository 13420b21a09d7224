package com.tradingboost.redis.testsupport;

/** Uses the fixture the way the sample app does, and reports whether JUnit and Testcontainers are visible. */
public final class PlainJavaMain {

	private PlainJavaMain() {
	}

	public static void main(String[] args) {
		System.out.println("junit " + (present("org.junit.jupiter.api.Assumptions") ? "present" : "absent"));
		System.out.println("testcontainers " + (present("org.testcontainers.DockerClientFactory") ? "present" : "absent"));
		try (RedisServer redis = RedisServers.obtain()) {
			System.out.println(redis.execute("PING") + " from " + redis.source());
		}
		try (RedisServer redis = RedisServers.startLocal()) {
			System.out.println(redis.execute("PING") + " from " + redis.source());
		}
	}

	private static boolean present(String className) {
		try {
			Class.forName(className);
			return true;
		} catch (ClassNotFoundException e) {
			return false;
		}
	}
}
