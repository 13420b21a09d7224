package com.tradingboost.redis.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.concurrent.ThreadLocalRandom;

/** Picks TCP ports on 127.0.0.1 that are free now and unlikely to be taken later by outgoing connections. */
final class FreePorts {

	// Below the usual ephemeral ranges (Linux 32768+, macOS/Windows 49152+), so a restart finds the port still free.
	private static final int LOWEST = 20000;
	private static final int HIGHEST = 32000;

	private FreePorts() {
	}

	static int pick() {
		InetAddress loopback = ipv4Loopback();
		for (int attempt = 0; attempt < 100; attempt++) {
			int candidate = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST);
			if (isFree(candidate, loopback)) {
				return candidate;
			}
		}
		try (ServerSocket socket = new ServerSocket(0, 1, loopback)) {
			return socket.getLocalPort();
		} catch (IOException e) {
			throw new UncheckedIOException("no free TCP port on 127.0.0.1", e);
		}
	}

	private static boolean isFree(int port, InetAddress loopback) {
		try (ServerSocket socket = new ServerSocket(port, 1, loopback)) {
			return true;
		} catch (IOException e) {
			return false;
		}
	}

	private static InetAddress ipv4Loopback() {
		try {
			return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
		} catch (UnknownHostException e) {
			throw new IllegalStateException(e);
		}
	}
}
