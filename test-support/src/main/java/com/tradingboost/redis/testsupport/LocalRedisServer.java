package com.tradingboost.redis.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A redis-server child process on 127.0.0.1 with its own temporary directory and log file, which can be stopped,
 * killed, restarted on the same port, paused and resumed.
 */
public final class LocalRedisServer extends AbstractRedisServer {

	private static final Logger log = LoggerFactory.getLogger(LocalRedisServer.class);
	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);
	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
	private static final int PORT_ATTEMPTS = 3;
	private static final String CONFIG_FILE = "redis.conf";

	private final String source;
	private final Path workDir;
	private final Path executable;
	private final Path configFile;
	private final List<String> extraArgs;
	private final Endpoint endpoint;
	private Process process;
	private Process watchdog;
	private boolean paused;
	private boolean closed;

	private LocalRedisServer(String source, Path workDir, Path executable, Path configFile, int port,
			List<String> extraArgs) {
		this.source = source;
		this.workDir = workDir;
		this.executable = executable;
		this.configFile = configFile;
		this.extraArgs = List.copyOf(extraArgs);
		this.endpoint = Endpoint.loopback(port, passwordIn(extraArgs));
	}

	/** Starts {@code binary} on a free port, retrying with another port if that one was taken meanwhile. */
	static LocalRedisServer launch(RedisBinary binary, List<String> extraArgs) {
		return launch(binary, null, extraArgs);
	}

	/**
	 * Like {@link #launch(RedisBinary, List)}, with {@code configText} (if not null) written to a file in the work
	 * directory and passed as the first argument, where sentinel mode needs a writable configuration file.
	 */
	static LocalRedisServer launch(RedisBinary binary, String configText, List<String> extraArgs) {
		if (System.getProperty("os.name", "").startsWith("Windows")) {
			throw new UnsupportedOperationException("Local redis-server processes need Linux or macOS;"
					+ " on Windows set REDIS_URL or run Docker for Testcontainers");
		}
		IllegalStateException lastFailure = null;
		for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
			LocalRedisServer server = create(binary, configText, extraArgs);
			try {
				server.start();
				return server;
			} catch (IllegalStateException e) {
				server.close();
				lastFailure = e;
				if (!e.getMessage().contains("already in use") && !e.getMessage().contains("another process")) {
					throw e;
				}
			} catch (RuntimeException e) {
				server.close();
				throw e;
			}
		}
		throw lastFailure;
	}

	private static LocalRedisServer create(RedisBinary binary, String configText, List<String> extraArgs) {
		Path workDir = null;
		try {
			workDir = Files.createTempDirectory(PidRegistry.WORK_DIR_PREFIX);
			Path executable = binary.installInto(workDir);
			Path configFile = configText == null ? null : Files.writeString(workDir.resolve(CONFIG_FILE), configText);
			int port = clusterEnabled(extraArgs) ? FreePorts.pickWithClusterBus() : FreePorts.pick();
			LocalRedisServer server = new LocalRedisServer(binary.description(), workDir, executable, configFile,
					port, extraArgs);
			OpenServers.track(server);
			return server;
		} catch (IOException e) {
			if (workDir != null) {
				PidRegistry.deleteRecursively(workDir);
			}
			throw new UncheckedIOException("Could not prepare " + binary.description(), e);
		}
	}

	/** Closes every server; adds failures to {@code failure} if given, else throws the first after closing all. */
	static void closeAll(List<LocalRedisServer> servers, RuntimeException failure) {
		RuntimeException first = failure;
		for (LocalRedisServer server : servers) {
			try {
				server.close();
			} catch (RuntimeException e) {
				if (first == null) {
					first = e;
				} else {
					first.addSuppressed(e);
				}
			}
		}
		if (failure == null && first != null) {
			throw first;
		}
	}

	/** The redis-server process id while it runs. */
	public synchronized OptionalLong pid() {
		return process != null && process.isAlive() ? OptionalLong.of(process.pid()) : OptionalLong.empty();
	}

	/** The file receiving the server's stdout and stderr; deleted by {@link #close()}. */
	public Path logFile() {
		return workDir.resolve("redis-server.log");
	}

	@Override
	Endpoint endpoint() {
		return endpoint;
	}

	@Override
	public String source() {
		return source;
	}

	@Override
	public boolean isControllable() {
		return true;
	}

	@Override
	public synchronized void start() {
		requireOpen();
		if (process != null) {
			// A killed process can look alive until the JDK reaps it: only a paused or answering one is running.
			if (process.isAlive() && (paused || pingOnce(endpoint) == null)) {
				return;
			}
			terminate(true);
		}
		PidRegistry.DEFAULT.reapOrphans();
		try {
			process = new ProcessBuilder(command())
					.directory(workDir.toFile())
					.redirectErrorStream(true)
					.redirectOutput(Redirect.appendTo(logFile().toFile()))
					.start();
			PidRegistry.DEFAULT.register(process.pid(), workDir);
			watchdog = ProcessWatchdog.watch(process.pid());
		} catch (IOException e) {
			terminate(true);
			throw new UncheckedIOException("Could not start " + executable, e);
		}
		try {
			awaitOwnPong();
		} catch (RuntimeException e) {
			terminate(true);
			throw e;
		}
		log.debug("redis-server pid {} answers on {}", process.pid(), url());
	}

	@Override
	public synchronized void stop() {
		terminate(false);
	}

	@Override
	public synchronized void kill() {
		terminate(true);
	}

	@Override
	public synchronized void pause() {
		requireRunning();
		signal("STOP");
		paused = true;
	}

	@Override
	public synchronized void resume() {
		requireRunning();
		signal("CONT");
		paused = false;
	}

	@Override
	public void close() {
		synchronized (this) {
			if (closed) {
				return;
			}
			closed = true;
			terminate(false);
		}
		OpenServers.untrack(this);
		PidRegistry.deleteRecursively(workDir);
	}

	private List<String> command() {
		List<String> command = new ArrayList<>(List.of(executable.toString()));
		if (configFile != null) {
			command.add(configFile.toString());
		}
		command.addAll(List.of("--port", Integer.toString(port()), "--bind", host(), "--save", "", "--appendonly", "no",
				"--daemonize", "no", "--dir", workDir.toString()));
		command.addAll(extraArgs);
		return command;
	}

	/** Waits for PONG, then checks that the answering server is this process and not someone else on the port. */
	private void awaitOwnPong() {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		RuntimeException lastFailure;
		do {
			if (!process.isAlive()) {
				throw startFailure("exited with code " + process.exitValue(), null);
			}
			lastFailure = pingOnce(endpoint);
			if (lastFailure == null) {
				String info = (String) execute("INFO", "server");
				if (!info.contains("process_id:" + process.pid() + "\r\n")) {
					throw startFailure("found another process answering on the port", null);
				}
				return;
			}
			sleep(25);
		} while (System.nanoTime() < deadline);
		throw startFailure("did not answer PING within " + STARTUP_TIMEOUT.toSeconds() + " s", lastFailure);
	}

	private IllegalStateException startFailure(String what, RuntimeException cause) {
		return new IllegalStateException(source + " on port " + port() + " " + what + "; last lines of "
				+ logFile() + ":\n" + logTail(), cause);
	}

	private String logTail() {
		try {
			List<String> lines = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
		} catch (IOException | UncheckedIOException e) {
			return "(log unreadable: " + e + ")";
		}
	}

	private void terminate(boolean forcibly) {
		Process running = process;
		if (running == null) {
			return;
		}
		if (running.isAlive()) {
			if (forcibly) {
				running.destroyForcibly();
			} else {
				if (paused) {
					signal("CONT");
				}
				running.destroy();
			}
			if (!waitFor(running)) {
				running.destroyForcibly();
				waitFor(running);
			}
		}
		process = null;
		paused = false;
		ProcessWatchdog.dismiss(watchdog);
		watchdog = null;
		PidRegistry.DEFAULT.unregister(running.pid());
	}

	private static boolean waitFor(Process running) {
		try {
			return running.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void requireRunning() {
		requireOpen();
		if (process == null || !process.isAlive()) {
			throw new IllegalStateException(source + " on port " + port() + " is not running; call start() first");
		}
	}

	private void signal(String name) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
					.redirectErrorStream(true)
					.start();
			String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			if (kill.waitFor() != 0) {
				throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed: " + output);
			}
		} catch (IOException e) {
			throw new UncheckedIOException("Could not run kill -" + name, e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while sending SIG" + name, e);
		}
	}

	private void requireOpen() {
		if (closed) {
			throw new IllegalStateException(source + " on port " + port() + " was closed");
		}
	}

	private static boolean clusterEnabled(List<String> args) {
		int index = args.indexOf("--cluster-enabled");
		return index >= 0 && index + 1 < args.size() && args.get(index + 1).equals("yes");
	}

	private static String passwordIn(List<String> args) {
		int index = args.indexOf("--requirepass");
		return index >= 0 && index + 1 < args.size() ? args.get(index + 1) : null;
	}
}
