package com.tradingboost.redis.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.opentest4j.TestAbortedException;

/** Runs small test classes through a nested JUnit launcher and checks what the extension injected into them. */
class RedisServerExtensionTests {

	private static final Map<String, RedisServer> SEEN = new ConcurrentHashMap<>();
	private static final Map<String, Boolean> RUNNING_WHEN_CLASS_FINISHED = new ConcurrentHashMap<>();
	private static final Map<String, AutoCloseable> TOPOLOGIES = new ConcurrentHashMap<>();
	private static final List<Long> TOPOLOGY_PIDS = new CopyOnWriteArrayList<>();

	@AfterEach
	void reset() {
		SEEN.clear();
		RUNNING_WHEN_CLASS_FINISHED.clear();
		TOPOLOGIES.clear();
		TOPOLOGY_PIDS.clear();
		System.clearProperty(RedisServers.FIXTURE_PROPERTY);
	}

	@Test
	void sharesOneServerAcrossClassesAndGivesEachClassItsOwnDedicatedServer() {
		TestExecutionSummary summary = run(SharedFirst.class, SharedSecond.class, Dedicated.class, ConstructorInjected.class);

		assertThat(summary.getTotalFailureCount()).as(failures(summary)).isZero();
		assertThat(summary.getTestsSucceededCount()).isEqualTo(5);
		RedisServer shared = SEEN.get("first");
		RedisServer dedicated = SEEN.get("dedicated-one");
		assertThat(shared).isNotNull()
				.isSameAs(SEEN.get("second"))
				.isSameAs(SEEN.get("second-before-all"))
				.isSameAs(SEEN.get("shared-next-to-dedicated"))
				.isSameAs(SEEN.get("constructor"));
		assertThat(dedicated).isNotNull()
				.isNotSameAs(shared)
				.isSameAs(SEEN.get("dedicated-two"))
				.isSameAs(SEEN.get("dedicated-before-all"));
		assertThat(dedicated.isControllable()).isTrue();
		assertThat(dedicated.port()).isNotEqualTo(shared.port());

		assertThat(RUNNING_WHEN_CLASS_FINISHED)
				.as("dedicated server closed with its class, shared one still open")
				.containsEntry("dedicated", false)
				.containsEntry("shared", true);
		assertClosed(shared);
	}

	@Test
	void sharesOneSentinelSetAndOneClusterAcrossClassesAndClosesThemWhenTheRunEnds() throws Exception {
		TestExecutionSummary summary = run(TopologiesFirst.class, TopologiesSecond.class);

		assertThat(summary.getTotalFailureCount()).as(failures(summary)).isZero();
		assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
		assertThat(TOPOLOGIES.get("sentinels")).isInstanceOf(RedisSentinelSet.class)
				.isSameAs(TOPOLOGIES.get("sentinels-before-all"));
		assertThat(TOPOLOGIES.get("cluster")).isInstanceOf(RedisClusterServers.class)
				.isSameAs(TOPOLOGIES.get("cluster-constructor"));
		assertThat(TOPOLOGY_PIDS).hasSize(5 + 6);
		for (long pid : TOPOLOGY_PIDS) {
			assertThat(Processes.awaitGone(pid, Duration.ofSeconds(1))).as("pid %d still running", pid).isTrue();
		}
	}

	@Test
	void dedicatedServersAndTopologiesAreSkippedWhenOnlyAnExternalServerIsAllowed() {
		System.setProperty(RedisServers.FIXTURE_PROPERTY, "url");

		TestExecutionSummary summary = run(DedicatedOnly.class, DedicatedInConstructor.class, TopologyOnly.class,
				TopologyInConstructor.class);

		assertThat(summary.getTotalFailureCount()).as(failures(summary)).isZero();
		assertThat(summary.getTestsAbortedCount()).isEqualTo(2);
		assertThat(summary.getContainersAbortedCount()).isEqualTo(2);
		assertThat(SEEN).isEmpty();
		assertThat(TOPOLOGIES).isEmpty();
	}

	@Test
	void assumeControllableSkipsOnlyForExternalServers() {
		try (LocalRedisServer local = RedisServers.startLocal()) {
			assertThatCode(() -> RedisAssumptions.assumeControllable(local)).doesNotThrowAnyException();
			RedisServer external = ExternalRedisServer.fromUrl(local.url(), "REDIS_URL");
			assertThatThrownBy(() -> RedisAssumptions.assumeControllable(external))
					.isInstanceOf(TestAbortedException.class)
					.hasMessageContaining("REDIS_URL");
		}
	}

	private static void assertClosed(RedisServer server) {
		if (server instanceof LocalRedisServer) {
			assertThat(((LocalRedisServer) server).pid()).isEmpty();
			assertThatThrownBy(() -> server.execute("PING")).isInstanceOf(java.io.UncheckedIOException.class);
		}
	}

	private static TestExecutionSummary run(Class<?>... classes) {
		SummaryGeneratingListener summary = new SummaryGeneratingListener();
		ClassSelector[] selectors = Arrays.stream(classes).map(c -> selectClass(c)).toArray(ClassSelector[]::new);
		LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectors).build(),
				summary, new ClassFinishedListener());
		return summary.getSummary();
	}

	private static String failures(TestExecutionSummary summary) {
		StringBuilder text = new StringBuilder();
		summary.getFailures().forEach(f -> text.append(f.getTestIdentifier().getDisplayName()).append(": ")
				.append(f.getException()).append('\n'));
		return text.toString();
	}

	/** Records, when class {@link Dedicated} has finished, which servers still run. */
	private static final class ClassFinishedListener implements TestExecutionListener {
		@Override
		public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
			boolean dedicatedClass = identifier.getSource()
					.filter(source -> source instanceof ClassSource)
					.map(source -> ((ClassSource) source).getJavaClass() == Dedicated.class)
					.orElse(false);
			if (dedicatedClass) {
				RUNNING_WHEN_CLASS_FINISHED.put("dedicated", answers(SEEN.get("dedicated-one")));
				RUNNING_WHEN_CLASS_FINISHED.put("shared", answers(SEEN.get("shared-next-to-dedicated")));
			}
		}

		private static boolean answers(RedisServer server) {
			try {
				return "PONG".equals(server.execute("PING"));
			} catch (RuntimeException e) {
				return false;
			}
		}
	}

	@ExtendWith(RedisServerExtension.class)
	static class SharedFirst {
		@Test
		void injected(RedisServer redis) {
			assertThat(redis.execute("PING")).isEqualTo("PONG");
			SEEN.put("first", redis);
		}
	}

	@ExtendWith(RedisServerExtension.class)
	static class SharedSecond {
		@BeforeAll
		static void beforeAll(RedisServer redis) {
			SEEN.put("second-before-all", redis);
		}

		@Test
		void injected(RedisServer redis) {
			SEEN.put("second", redis);
		}
	}

	@ExtendWith(RedisServerExtension.class)
	static class Dedicated {
		@BeforeAll
		static void beforeAll(@DedicatedRedisServer RedisServer redis) {
			SEEN.put("dedicated-before-all", redis);
		}

		@Test
		void one(@DedicatedRedisServer RedisServer dedicated, RedisServer shared) {
			SEEN.put("dedicated-one", dedicated);
			SEEN.put("shared-next-to-dedicated", shared);
		}

		@Test
		void two(@DedicatedRedisServer RedisServer dedicated) {
			dedicated.kill();
			dedicated.start();
			assertThat(dedicated.execute("PING")).isEqualTo("PONG");
			SEEN.put("dedicated-two", dedicated);
		}
	}

	@ExtendWith(RedisServerExtension.class)
	static class ConstructorInjected {
		ConstructorInjected(RedisServer redis) {
			SEEN.put("constructor", redis);
		}

		@Test
		void injected() {
		}
	}

	@ExtendWith(RedisServerExtension.class)
	static class DedicatedOnly {
		@Test
		void needsItsOwnServer(@DedicatedRedisServer RedisServer redis) {
			SEEN.put("dedicated-only", redis);
		}
	}

	@ExtendWith(RedisServerExtension.class)
	static class DedicatedInConstructor {
		DedicatedInConstructor(@DedicatedRedisServer RedisServer redis) {
			SEEN.put("dedicated-constructor", redis);
		}

		@Test
		void needsItsOwnServer() {
		}
	}

	@ExtendWith(RedisServerExtension.class)
	static class TopologiesFirst {
		@Test
		void injected(RedisSentinelSet sentinels, RedisClusterServers cluster) {
			assertThat(sentinels.currentMaster().execute("PING")).isEqualTo("PONG");
			assertThat(cluster.masterForKey("k").execute("SET", "k", "v")).isEqualTo("OK");
			TOPOLOGIES.put("sentinels", sentinels);
			TOPOLOGIES.put("cluster", cluster);
			List<LocalRedisServer> members = new ArrayList<>(List.of(sentinels.master(), sentinels.replica()));
			members.addAll(sentinels.sentinels());
			members.addAll(cluster.nodes());
			members.forEach(member -> TOPOLOGY_PIDS.add(member.pid().orElseThrow()));
		}
	}

	@ExtendWith(RedisServerExtension.class)
	static class TopologiesSecond {
		TopologiesSecond(RedisClusterServers cluster) {
			TOPOLOGIES.put("cluster-constructor", cluster);
		}

		@BeforeAll
		static void beforeAll(RedisSentinelSet sentinels) {
			TOPOLOGIES.put("sentinels-before-all", sentinels);
		}

		@Test
		void injected() {
		}
	}

	@ExtendWith(RedisServerExtension.class)
	static class TopologyOnly {
		@Test
		void needsACluster(RedisClusterServers cluster) {
			TOPOLOGIES.put("cluster-only", cluster);
		}
	}

	@ExtendWith(RedisServerExtension.class)
	static class TopologyInConstructor {
		TopologyInConstructor(RedisSentinelSet sentinels) {
			TOPOLOGIES.put("sentinels-constructor", sentinels);
		}

		@Test
		void needsASentinelSet() {
		}
	}
}
