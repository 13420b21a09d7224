package com.tradingboost.redis.connection;

import org.apache.commons.pool2.impl.GenericObjectPoolMXBean;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Runtime hints for what the connection package does reflectively: the JMX proxy that reads the pools.
 */
class ConnectionRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.proxies().registerJdkProxy(GenericObjectPoolMXBean.class);
	}

}
