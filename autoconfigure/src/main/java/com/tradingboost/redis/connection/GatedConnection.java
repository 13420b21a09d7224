package com.tradingboost.redis.connection;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;

import org.springframework.data.redis.connection.RedisClusterCommandsProvider;
import org.springframework.data.redis.connection.RedisCommandsProvider;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.util.ClassUtils;

/**
 * Puts a {@link RedisCommandGate} in front of a connection: every command method, on the connection and on the
 * command groups it hands out ({@code stringCommands()}, ...), passes the gate; a pipeline or transaction passes it
 * once, from {@code openPipeline()}/{@code multi()} to {@code closePipeline()}/{@code exec()}.
 */
final class GatedConnection implements InvocationHandler {

	private static final Set<String> UNGATED = Set.of("close", "isClosed", "getNativeConnection", "isQueueing",
			"isPipelined", "isSubscribed", "getSubscription", "getSentinelConnection", "getConvertPipelineAndTxResults",
			"setConvertPipelineAndTxResults", "setPipeliningFlushPolicy");

	private static final Set<Class<?>> COMMAND_GROUP_PROVIDERS = Set.of(RedisCommandsProvider.class,
			RedisClusterCommandsProvider.class);

	private final RedisConnection connection;

	private final Object target;

	private final RedisCommandGate gate;

	private final BatchState batch;

	private GatedConnection(RedisConnection connection, Object target, RedisCommandGate gate, BatchState batch) {
		this.connection = connection;
		this.target = target;
		this.gate = gate;
		this.batch = batch;
	}

	static RedisConnection wrap(RedisConnection connection, RedisCommandGate gate) {
		return (RedisConnection) proxy(connection, new GatedConnection(connection, connection, gate, new BatchState()));
	}

	private static Object proxy(Object target, InvocationHandler handler) {
		Class<?>[] interfaces = ClassUtils.getAllInterfacesForClass(target.getClass(), target.getClass().getClassLoader());
		return Proxy.newProxyInstance(target.getClass().getClassLoader(), interfaces, handler);
	}

	@Override
	public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
		String name = method.getName();
		if (method.getDeclaringClass() == Object.class) {
			return switch (name) {
				case "equals" -> proxy == args[0];
				case "hashCode" -> System.identityHashCode(proxy);
				default -> "Gated " + this.target;
			};
		}
		if (COMMAND_GROUP_PROVIDERS.contains(method.getDeclaringClass())) {
			Object commands = invokeTarget(method, args);
			return (commands == this.target) ? proxy
					: proxy(commands, new GatedConnection(this.connection, commands, this.gate, this.batch));
		}
		if ("close".equals(name)) {
			// A pipeline or transaction left open gives its permission back.
			RedisCommandGate.Batch open = this.batch.current;
			this.batch.current = RedisCommandGate.Batch.NONE;
			open.abandoned();
			return invokeTarget(method, args);
		}
		if (UNGATED.contains(name)) {
			return invokeTarget(method, args);
		}
		return switch (name) {
			// Spring Data Redis ignores a nested openPipeline() or multi(); so does the gate.
			case "openPipeline" -> this.connection.isPipelined() ? invokeTarget(method, args) : begin("pipeline", method, args);
			case "multi" -> (this.connection.isPipelined() || this.connection.isQueueing()) ? invokeTarget(method, args)
					: begin("transaction", method, args);
			case "closePipeline" -> end(method, args, false);
			case "exec" -> this.connection.isPipelined() ? invokeTarget(method, args) : end(method, args, false);
			case "discard" -> this.connection.isPipelined() ? invokeTarget(method, args) : end(method, args, true);
			default -> (this.connection.isPipelined() || this.connection.isQueueing()) ? invokeTarget(method, args)
					: this.gate.call(name, () -> invokeTarget(method, args));
		};
	}

	private Object begin(String kind, Method method, Object[] args) throws Throwable {
		RedisCommandGate.Batch opened = this.gate.openBatch(kind);
		try {
			Object result = invokeTarget(method, args);
			this.batch.current = opened;
			return result;
		}
		catch (Throwable ex) {
			opened.failed(ex);
			throw ex;
		}
	}

	private Object end(Method method, Object[] args, boolean abandon) throws Throwable {
		RedisCommandGate.Batch ending = this.batch.current;
		this.batch.current = RedisCommandGate.Batch.NONE;
		try {
			Object result = invokeTarget(method, args);
			if (abandon) {
				ending.abandoned();
			}
			else {
				ending.succeeded();
			}
			return result;
		}
		catch (Throwable ex) {
			ending.failed(ex);
			throw ex;
		}
	}

	private Object invokeTarget(Method method, Object[] args) throws Throwable {
		try {
			return method.invoke(this.target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

	/** The batch a connection and its command groups share. */
	private static final class BatchState {

		private volatile RedisCommandGate.Batch current = RedisCommandGate.Batch.NONE;

	}

}
