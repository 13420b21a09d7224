package com.tradingboost.redis.connection;

import io.lettuce.core.resource.EpollProvider;
import io.lettuce.core.resource.IOUringProvider;

/**
 * Tells whether Lettuce runs on a native transport, which TCP_USER_TIMEOUT requires.
 */
public final class NativeTransports {

	private NativeTransports() {
	}

	/**
	 * Whether epoll or io_uring is available to Lettuce.
	 * @return {@code true} when a native transport that supports TCP_USER_TIMEOUT is available
	 */
	public static boolean supportTcpUserTimeout() {
		return EpollProvider.isAvailable() || IOUringProvider.isAvailable();
	}

}
