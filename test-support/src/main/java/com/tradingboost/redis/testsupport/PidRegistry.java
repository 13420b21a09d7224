package com.tradingboost.redis.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files {@code <redisPid>.owner} holding the owner JVM's pid (and the server's work directory), so a later run can
 * kill redis-server processes whose JVM died without cleaning up.
 */
final class PidRegistry {

	static final PidRegistry DEFAULT =
			new PidRegistry(Path.of(System.getProperty("java.io.tmpdir"), "tradingboost-redis-fixture"));

	static final String WORK_DIR_PREFIX = "tradingboost-redis-server-";

	private static final Logger log = LoggerFactory.getLogger(PidRegistry.class);
	private static final String SUFFIX = ".owner";

	private final Path dir;

	PidRegistry(Path dir) {
		this.dir = dir;
	}

	Path dir() {
		return dir;
	}

	Path fileFor(long redisPid) {
		return dir.resolve(redisPid + SUFFIX);
	}

	void register(long redisPid, Path workDir) {
		try {
			Files.createDirectories(dir);
			Path temp = Files.createTempFile(dir, redisPid + "-", ".tmp");
			Files.writeString(temp, ProcessHandle.current().pid() + "\n" + workDir + "\n");
			Files.move(temp, fileFor(redisPid), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		} catch (IOException e) {
			log.warn("Could not record redis-server pid {} in {}; the watchdog still guards it", redisPid, dir, e);
		}
	}

	void unregister(long redisPid) {
		try {
			Files.deleteIfExists(fileFor(redisPid));
		} catch (IOException e) {
			log.warn("Could not delete {}", fileFor(redisPid), e);
		}
	}

	/** Kills redis-server processes whose owner JVM is dead and deletes their entries; returns how many it killed. */
	int reapOrphans() {
		if (!Files.isDirectory(dir)) {
			return 0;
		}
		int killed = 0;
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
			for (Path entry : entries) {
				killed += reap(entry) ? 1 : 0;
			}
		} catch (IOException e) {
			log.warn("Could not scan {} for orphaned redis-server processes", dir, e);
		}
		return killed;
	}

	private boolean reap(Path entry) {
		try {
			String name = entry.getFileName().toString();
			long redisPid = Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
			List<String> lines = Files.readAllLines(entry);
			long ownerPid = lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
			if (ownerPid > 0 && ProcessHandle.of(ownerPid).map(ProcessHandle::isAlive).orElse(false)) {
				return false;
			}
			boolean killed = ProcessHandle.of(redisPid)
					.filter(ProcessHandle::isAlive)
					.filter(PidRegistry::isRedisServer)
					.map(PidRegistry::killAndWait)
					.orElse(false);
			if (killed) {
				log.info("Killed orphaned redis-server pid {} left behind by dead JVM pid {}", redisPid, ownerPid);
			}
			Files.deleteIfExists(entry);
			if (lines.size() > 1) {
				deleteWorkDir(Path.of(lines.get(1).trim()));
			}
			return killed;
		} catch (IOException | RuntimeException e) {
			log.warn("Could not reap {}", entry, e);
			return false;
		}
	}

	static boolean isRedisServer(ProcessHandle process) {
		ProcessHandle.Info info = process.info();
		String described = info.commandLine().orElse("") + " " + info.command().orElse("") + " " + procCmdline(process);
		return described.contains("redis-server");
	}

	/**
	 * Linux's raw command line, which redis rewrites to {@code "redis-server host:port"}: ProcessHandle.Info shows the
	 * resolved executable instead, which on Debian is {@code redis-check-rdb}.
	 */
	private static String procCmdline(ProcessHandle process) {
		try {
			return Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"), StandardCharsets.UTF_8);
		} catch (IOException | UncheckedIOException | SecurityException e) {
			return "";
		}
	}

	private static boolean killAndWait(ProcessHandle process) {
		process.destroyForcibly();
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		// Not our child, so onExit() may never fire if nobody reaps it; a zombie no longer looks like redis-server.
		while (process.isAlive() && isRedisServer(process) && System.nanoTime() < deadline) {
			try {
				Thread.sleep(20);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		return true;
	}

	/** Deletes a dead server's work directory, but only one this fixture could have created. */
	private static void deleteWorkDir(Path workDir) {
		Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
		Path normalized = workDir.toAbsolutePath().normalize();
		if (tmp.equals(normalized.getParent()) && normalized.getFileName().toString().startsWith(WORK_DIR_PREFIX)) {
			deleteRecursively(normalized);
		}
	}

	static void deleteRecursively(Path root) {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(root)) {
			paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		} catch (IOException | UncheckedIOException e) {
			log.warn("Could not delete {}", root, e);
		}
	}
}
