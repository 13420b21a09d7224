package com.tradingboost.redis;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

import com.tradingboost.redis.testsupport.DedicatedRedisServer;
import com.tradingboost.redis.testsupport.RedisServer;
import com.tradingboost.redis.testsupport.RedisServerExtension;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Tests that run an application against a server of their own, which they may stop, kill or pause: after each test
 * the application is closed and the server serves again.
 */
@ExtendWith(RedisServerExtension.class)
public abstract class DedicatedServerApplicationTests {

	protected final RedisServer server;

	protected ConfigurableApplicationContext context;

	protected DedicatedServerApplicationTests(@DedicatedRedisServer RedisServer server) {
		this.server = server;
	}

	@AfterEach
	void closeApplicationAndRestoreServer() {
		if (this.context != null) {
			this.context.close();
		}
		this.server.restore();
	}

}
