package com.tradingboost.redis.connection;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.data.redis.connection.RedisClusterCommandsProvider;
import org.springframework.data.redis.connection.RedisCommandsProvider;
import org.springframework.data.redis.connection.lettuce.LettuceClusterConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;

/**
 * Runtime hints for what the connection package does reflectively: the JDK proxies of the command gate (over
 * Spring Data's connections and command groups) and the fields of Spring Data Redis's pools that pool facts read.
 */
class ConnectionRuntimeHints implements RuntimeHintsRegistrar {

	private static final String POOLING_PROVIDER = "org.springframework.data.redis.connection.lettuce.LettucePoolingConnectionProvider";

	private static final String TRANSLATING_PROVIDER = "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory$ExceptionTranslatingConnectionProvider";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		proxy(hints, LettuceConnection.class, classLoader);
		proxy(hints, LettuceClusterConnection.class, classLoader);
		for (Class<?> provider : new Class<?>[] { RedisCommandsProvider.class, RedisClusterCommandsProvider.class }) {
			for (Method method : provider.getMethods()) {
				if (method.getReturnType().isInterface()) {
					hints.proxies().registerJdkProxy(method.getReturnType());
				}
			}
		}
		hints.reflection()
			.registerType(LettuceConnectionFactory.class,
					(type) -> type.withField("connectionProvider").withField("reactiveConnectionProvider"));
		hints.reflection().registerType(TypeReference.of(TRANSLATING_PROVIDER), (type) -> type.withField("delegate"));
		hints.reflection()
			.registerType(TypeReference.of(POOLING_PROVIDER), (type) -> type.withField("pools").withField("asyncPools"));
	}

	private static void proxy(RuntimeHints hints, Class<?> connection, @Nullable ClassLoader classLoader) {
		hints.proxies().registerJdkProxy(ClassUtils.getAllInterfacesForClass(connection, classLoader));
	}

}
