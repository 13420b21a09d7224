package com.tradingboost.redis.testsupport;

/** Where and how the fixture's own client connects; {@code username} and {@code password} may be null. */
record Endpoint(String host, int port, String username, String password, int database) {

	@Override
	public String toString() {
		return "Endpoint[" + host + ":" + port + "/" + database + (password != null ? ", password=******" : "") + "]";
	}

	static Endpoint loopback(int port, String password) {
		return new Endpoint("127.0.0.1", port, null, password, 0);
	}

	String address() {
		return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
	}
}
