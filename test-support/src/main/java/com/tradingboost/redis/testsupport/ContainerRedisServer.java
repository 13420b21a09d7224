package com.tradingboost.redis.testsupport;

import java.time.Duration;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A {@value #IMAGE} container whose host port is fixed up front, so it keeps its address across stop and start.
 * Only loaded when Testcontainers is on the classpath.
 */
final class ContainerRedisServer extends AbstractRedisServer {

	static final String IMAGE = "redis:7-alpine";

	private static final int REDIS_PORT = 6379;
	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

	private final GenericContainer<?> container;
	private final Endpoint endpoint;
	private boolean paused;
	private boolean closed;

	private ContainerRedisServer(GenericContainer<?> container, int hostPort) {
		this.container = container;
		this.endpoint = new Endpoint(container.getHost(), hostPort, null, null, 0);
	}

	static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		} catch (RuntimeException | LinkageError e) {
			return false;
		}
	}

	static ContainerRedisServer launch() {
		int hostPort = FreePorts.pick();
		GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(IMAGE))
				.withExposedPorts(REDIS_PORT)
				.withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(
						new PortBinding(Ports.Binding.bindPort(hostPort), new ExposedPort(REDIS_PORT))));
		container.start();
		ContainerRedisServer server = new ContainerRedisServer(container, hostPort);
		OpenServers.track(server);
		return server;
	}

	@Override
	Endpoint endpoint() {
		return endpoint;
	}

	@Override
	public String source() {
		return "Testcontainers " + IMAGE;
	}

	@Override
	public boolean isControllable() {
		return true;
	}

	@Override
	public synchronized void stop() {
		unpauseIfNeeded();
		docker().stopContainerCmd(container.getContainerId()).withTimeout(5).exec();
	}

	@Override
	public synchronized void kill() {
		unpauseIfNeeded();
		docker().killContainerCmd(container.getContainerId()).withSignal("KILL").exec();
	}

	@Override
	public synchronized void start() {
		requireOpen();
		if (Boolean.TRUE.equals(docker().inspectContainerCmd(container.getContainerId()).exec().getState().getRunning())) {
			return;
		}
		docker().startContainerCmd(container.getContainerId()).exec();
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		RuntimeException lastFailure;
		do {
			lastFailure = pingOnce(endpoint);
			if (lastFailure == null) {
				return;
			}
			sleep(50);
		} while (System.nanoTime() < deadline);
		throw new IllegalStateException(this + " did not answer PING within " + STARTUP_TIMEOUT.toSeconds()
				+ " s after restart; container log:\n" + container.getLogs(), lastFailure);
	}

	@Override
	public synchronized void pause() {
		requireOpen();
		docker().pauseContainerCmd(container.getContainerId()).exec();
		paused = true;
	}

	@Override
	public synchronized void resume() {
		requireOpen();
		docker().unpauseContainerCmd(container.getContainerId()).exec();
		paused = false;
	}

	@Override
	public void close() {
		synchronized (this) {
			if (closed) {
				return;
			}
			closed = true;
			unpauseIfNeeded();
			container.stop();
		}
		OpenServers.untrack(this);
	}

	private void unpauseIfNeeded() {
		if (paused) {
			docker().unpauseContainerCmd(container.getContainerId()).exec();
			paused = false;
		}
	}

	private DockerClient docker() {
		return container.getDockerClient();
	}

	private void requireOpen() {
		if (closed) {
			throw new IllegalStateException(this + " was closed");
		}
	}
}
