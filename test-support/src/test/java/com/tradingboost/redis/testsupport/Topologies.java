package com.tradingboost.redis.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks for tests of multi-process topologies. */
final class Topologies {

	private Topologies() {
	}

	/** The running servers by process id. */
	static Map<Long, LocalRedisServer> processes(List<LocalRedisServer> servers) {
		Map<Long, LocalRedisServer> processes = new LinkedHashMap<>();
		servers.forEach(server -> processes.put(server.pid().orElseThrow(), server));
		return processes;
	}

	/** Asserts that every process is gone, unregistered and its work directory deleted. */
	static void assertNothingLeft(Map<Long, LocalRedisServer> processes) throws InterruptedException {
		for (Map.Entry<Long, LocalRedisServer> process : processes.entrySet()) {
			long pid = process.getKey();
			assertThat(Processes.awaitGone(pid, Duration.ofSeconds(1))).as("pid %d still running", pid).isTrue();
			assertThat(PidRegistry.DEFAULT.fileFor(pid)).doesNotExist();
			assertThat(process.getValue().logFile().getParent()).doesNotExist();
		}
	}
}
