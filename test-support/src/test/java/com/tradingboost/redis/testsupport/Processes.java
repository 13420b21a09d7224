package com.tradingboost.redis.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Process checks for tests; a zombie counts as gone because only its exit status is left. */
final class Processes {

	private Processes() {
	}

	static boolean isRunning(long pid) {
		if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
			return false;
		}
		Path stat = Path.of("/proc", Long.toString(pid), "stat");
		if (!Files.exists(stat)) {
			return true;
		}
		try {
			String content = Files.readString(stat);
			char state = content.charAt(content.lastIndexOf(')') + 2);
			return state != 'Z' && state != 'X';
		} catch (IOException e) {
			return false;
		}
	}

	static boolean awaitGone(long pid, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (isRunning(pid)) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			Thread.sleep(50);
		}
		return true;
	}

	static long deadPid() throws IOException, InterruptedException {
		Process process = new ProcessBuilder("true").start();
		process.waitFor();
		return process.pid();
	}
}
