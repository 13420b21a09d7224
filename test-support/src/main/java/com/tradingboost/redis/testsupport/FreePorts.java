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
	// Cluster nodes also listen on port + 10000; this keeps that bus port below the Linux ephemeral range too.
	private static final int CLUSTER_BUS_OFFSET = 10000;
	private static final int HIGHEST_WITH_CLUSTER_BUS = 32768 - CLUSTER_BUS_OFFSET;

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
		return anyFree(loopback);
	}

	/** A port that is free together with its cluster bus port, {@code port + 10000}. */
	static int pickWithClusterBus() {
		InetAddress loopback = ipv4Loopback();
		for (int attempt = 0; attempt < 100; attempt++) {
			int candidate = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST_WITH_CLUSTER_BUS);
			if (isFree(candidate, loopback) && isFree(candidate + CLUSTER_BUS_OFFSET, loopback)) {
				return candidate;
			}
		}
		throw new IllegalStateException("no free pair of ports p and p + " + CLUSTER_BUS_OFFSET + " on 127.0.0.1 between "
				+ LOWEST + " and " + (HIGHEST_WITH_CLUSTER_BUS + CLUSTER_BUS_OFFSET));
	}

	private static int anyFree(InetAddress loopback) {
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
