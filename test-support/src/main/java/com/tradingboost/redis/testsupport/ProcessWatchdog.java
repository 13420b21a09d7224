package com.tradingboost.redis.testsupport;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;

/** A tiny shell loop that SIGKILLs a child process once this JVM is gone, even if the JVM itself was killed. */
final class ProcessWatchdog {

	// Ends quietly if the child exits first; kills it only once the JVM ($1) is gone.
	private static final String SCRIPT = "while kill -0 \"$1\" 2>/dev/null && kill -0 \"$2\" 2>/dev/null; do sleep 1; done;"
			+ " kill -0 \"$1\" 2>/dev/null || kill -9 \"$2\" 2>/dev/null";

	private ProcessWatchdog() {
	}

	static Process watch(long childPid) throws IOException {
		return new ProcessBuilder("sh", "-c", SCRIPT, "sh",
				Long.toString(ProcessHandle.current().pid()), Long.toString(childPid))
				.redirectOutput(Redirect.DISCARD)
				.redirectError(Redirect.DISCARD)
				.start();
	}

	static void dismiss(Process watchdog) {
		if (watchdog != null) {
			// Its pending "sleep" first, so that no orphan is left for init to reap.
			watchdog.descendants().forEach(ProcessHandle::destroy);
			watchdog.destroy();
		}
	}
}
