package com.tradingboost.redis.testsupport;

import java.lang.reflect.Constructor;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.function.Supplier;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * Injects a real {@link RedisServer}, {@link RedisSentinelSet} or {@link RedisClusterServers} into test methods,
 * lifecycle methods (including {@code @BeforeAll static}) and constructors.
 *
 * <pre>{@code
 * @ExtendWith(RedisServerExtension.class)
 * class CacheTests {
 *     @Test
 *     void readsBack(RedisServer redis) {            // one server shared by the whole test run
 *         redis.execute("SET", "k", "v");
 *     }
 *
 *     @Test
 *     void survivesCrash(@DedicatedRedisServer RedisServer redis) {   // this class's own server
 *         redis.kill();
 *         redis.start();                              // same port again
 *     }
 *
 *     @Test
 *     void readsThroughSentinels(RedisSentinelSet sentinels) {   // one sentinel set shared by the whole test run
 *         String nodes = String.join(",", sentinels.sentinelEndpoints());
 *     }
 *
 *     @Test
 *     void readsFromCluster(RedisClusterServers cluster) {      // one cluster shared by the whole test run
 *         cluster.masterForKey("k").execute("SET", "k", "v");
 *     }
 * }
 * }</pre>
 *
 * <p>The shared server is obtained by {@link RedisServers#obtain()} on first use and closed when the run ends; it
 * belongs to everyone, so tests must neither close nor break it. A dedicated server comes from
 * {@link RedisServers#obtainControllable()}, lives until its test class finishes, and the test is skipped when no
 * controllable server can be had (e.g. {@value RedisServers#FIXTURE_PROPERTY}{@code =url}).
 *
 * <p>The sentinel set and the cluster are started by {@link RedisServers#startSentinelSet()} and
 * {@link RedisServers#startCluster()} on first use, shared by the whole run and closed when it ends, so tests must not
 * close them and must leave them as they found them: a test that kills or pauses a node starts its own topology
 * instead. Tests asking for one are skipped where no local redis-server can run ({@code url}, Windows).
 */
public final class RedisServerExtension implements ParameterResolver, BeforeAllCallback,
		TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RedisServerExtension.class);
	private static final String SHARED = "shared";
	private static final String DEDICATED = "dedicated";

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		Class<?> type = parameter.getParameter().getType();
		return type == RedisServer.class || type == RedisSentinelSet.class || type == RedisClusterServers.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		return resolve(parameter.getParameter().getType(), parameter.isAnnotated(DedicatedRedisServer.class), context);
	}

	/** Obtains what the constructor needs before it runs, where a skip could not be reported otherwise. */
	@Override
	public void beforeAll(ExtensionContext context) {
		Arrays.stream(context.getRequiredTestClass().getDeclaredConstructors())
				.map(Constructor::getParameters)
				.flatMap(Arrays::stream)
				.filter(parameter -> wantsDedicated(parameter) || parameter.getType() == RedisSentinelSet.class
						|| parameter.getType() == RedisClusterServers.class)
				.forEach(parameter -> resolve(parameter.getType(), wantsDedicated(parameter), context));
	}

	@Override
	public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
		throw unwrapAbort(throwable);
	}

	@Override
	public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
		throw unwrapAbort(throwable);
	}

	@Override
	public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
		throw unwrapAbort(throwable);
	}

	private static Object resolve(Class<?> type, boolean dedicated, ExtensionContext context) {
		if (type == RedisSentinelSet.class) {
			return sharedTopology(context, RedisSentinelSet.class, RedisServers::startSentinelSet);
		}
		if (type == RedisClusterServers.class) {
			return sharedTopology(context, RedisClusterServers.class, RedisServers::startCluster);
		}
		return dedicated ? dedicated(context) : shared(context);
	}

	private static <T> T sharedTopology(ExtensionContext context, Class<T> type, Supplier<T> start) {
		if (RedisServers.topologyBinary().isEmpty()) {
			Assumptions.abort("No local redis-server can run here for a shared " + type.getSimpleName()
					+ " (only an external server is allowed, or there is no executable for this platform)");
		}
		return context.getRoot().getStore(NAMESPACE).computeIfAbsent(type, key -> start.get(), type);
	}

	private static RedisServer shared(ExtensionContext context) {
		return context.getRoot().getStore(NAMESPACE).computeIfAbsent(SHARED, key -> RedisServers.obtain(), RedisServer.class);
	}

	private static RedisServer dedicated(ExtensionContext context) {
		return classContext(context).getStore(NAMESPACE).computeIfAbsent(DEDICATED, key -> RedisServers.obtainControllable()
				.orElseGet(() -> Assumptions.abort("No controllable Redis server available for @DedicatedRedisServer"
						+ " (only an external one is allowed or none can be started here)")), RedisServer.class);
	}

	private static ExtensionContext classContext(ExtensionContext context) {
		ExtensionContext current = context;
		while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
			current = current.getParent().get();
		}
		return current;
	}

	private static boolean wantsDedicated(Parameter parameter) {
		return parameter.getType() == RedisServer.class && parameter.isAnnotationPresent(DedicatedRedisServer.class);
	}

	/** JUnit wraps a resolver's {@link TestAbortedException}; handing back the original makes the test skipped. */
	private static Throwable unwrapAbort(Throwable throwable) {
		return throwable instanceof ParameterResolutionException && throwable.getCause() instanceof TestAbortedException
				? throwable.getCause()
				: throwable;
	}
}
