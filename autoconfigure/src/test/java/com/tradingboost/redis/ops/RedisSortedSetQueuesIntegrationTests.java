package com.tradingboost.redis.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;

import com.tradingboost.redis.ops.RedisSortedSetQueues.QueueItem;
import com.tradingboost.redis.testsupport.RedisServer;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.JacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.StringRedisSerializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

class RedisSortedSetQueuesIntegrationTests extends TopologyIntegrationTests {

	@ParameterizedTest
	@EnumSource(Topology.class)
	void queuesThatShareAHashTagPopTheGloballyLowestScoresAtomically(Topology topology) {
		RedisSortedSetQueues<String, String> queues = applications.bean(topology, RedisSortedSetQueues.class);
		String tag = "{" + TopologyApplications.prefix() + "}";
		String high = tag + "tasks:high";
		String low = tag + "tasks:low";
		assertThat(queues.addAll(high, Map.of("h1", 5.0, "h2", 1.0, "h3", 9.0))).isEqualTo(3);
		queues.addAll(low, Map.of("l1", 2.0, "l2", 0.5, "l3", 7.0));
		List<QueueItem<String, String>> popped = queues.popLowest(4, List.of(high, low));
		assertThat(popped).extracting(QueueItem::member).containsExactly("l2", "h2", "l1", "h1");
		assertThat(popped).extracting(QueueItem::queue).containsExactly(low, high, low, high);
		assertThat(popped).extracting(QueueItem::score).containsExactly(0.5, 1.0, 2.0, 5.0);
		assertThat(applications.serverFor(topology, high).execute("ZRANGE", high, "0", "-1")).isEqualTo(List.of("h3"));
		assertThat(applications.serverFor(topology, low).execute("ZRANGE", low, "0", "-1")).isEqualTo(List.of("l3"));
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void queuesInDifferentSlotsPopTheLowestScoresOfEveryQueueMerged(Topology topology) {
		RedisSortedSetQueues<String, String> queues = applications.bean(topology, RedisSortedSetQueues.class);
		List<String> names = queuesOnDifferentMasters(3);
		queues.addAll(names.get(0), Map.of("a1", 3.0, "a2", 30.0));
		queues.addAll(names.get(1), Map.of("b1", 1.0, "b2", 10.0, "b3", 11.0));
		queues.addAll(names.get(2), Map.of("c1", 2.0));
		List<QueueItem<String, String>> popped = queues.popLowest(4, names);
		assertThat(popped).extracting(QueueItem::member).containsExactly("b1", "c1", "a1", "b2");
		assertThat(popped).extracting(QueueItem::queue)
			.containsExactly(names.get(1), names.get(2), names.get(0), names.get(1));
		assertThat(queues.popLowest(10, names)).extracting(QueueItem::member).containsExactly("b3", "a2");
		assertThat(queues.popLowest(10, names)).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void concurrentConsumersNeverReceiveAMemberTwiceNorLoseOne(Topology topology) throws Exception {
		RedisSortedSetQueues<String, String> queues = applications.bean(topology, RedisSortedSetQueues.class);
		List<String> names = queuesOnDifferentMasters(3);
		Set<String> expected = new HashSet<>();
		for (int q = 0; q < names.size(); q++) {
			Map<String, Double> members = new LinkedHashMap<>();
			for (int i = 0; i < 200; i++) {
				members.put("m-" + q + "-" + i, (double) (i * 3 + q));
				expected.add("m-" + q + "-" + i);
			}
			queues.addAll(names.get(q), members);
		}
		ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
		AtomicInteger count = new AtomicInteger();
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService consumers = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int c = 0; c < 8; c++) {
				done.add(consumers.submit(() -> {
					go.await();
					while (count.get() < expected.size()) {
						for (QueueItem<String, String> item : queues.popLowest(7, names)) {
							received.add(item.member());
							count.incrementAndGet();
						}
					}
					return null;
				}));
			}
			go.countDown();
			for (Future<?> future : done) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			consumers.shutdownNow();
		}
		assertThat(received).hasSize(expected.size());
		assertThat(new HashSet<>(received)).isEqualTo(expected);
		for (String name : names) {
			assertThat(applications.serverFor(topology, name).execute("ZCARD", name)).isEqualTo(0L);
		}
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void aBlockingPopWaitsForWorkOrTimesOut(Topology topology) throws Exception {
		RedisSortedSetQueues<String, String> queues = applications.bean(topology, RedisSortedSetQueues.class);
		String tag = "{" + TopologyApplications.prefix() + "}";
		List<String> names = List.of(tag + "jobs:a", tag + "jobs:b");
		assertThat(queues.popLowestBlocking(Duration.ofMillis(200), names)).isEmpty();
		RedisServer server = applications.serverFor(topology, names.get(0));
		CompletableFuture<Optional<QueueItem<String, String>>> waiting = CompletableFuture
			.supplyAsync(() -> queues.popLowestBlocking(Duration.ofSeconds(2), names));
		await().atMost(Duration.ofSeconds(2))
			.until(() -> server.clientList().stream().anyMatch((client) -> client.contains("cmd=bzpopmin")));
		queues.addAll(names.get(1), Map.of("job-1", 3.0));
		assertThat(waiting.get(5, TimeUnit.SECONDS)).hasValueSatisfying((item) -> {
			assertThat(item.queue()).isEqualTo(names.get(1));
			assertThat(item.member()).isEqualTo("job-1");
			assertThat(item.score()).isEqualTo(3.0);
		});
		assertThat(server.execute("EXISTS", names.get(1))).isEqualTo(0L);
	}

	@Test
	void aBlockingPopOnAClusterOverQueuesInDifferentSlotsIsRefusedBeforeAnyIo() {
		RedisSortedSetQueues<String, String> queues = applications.bean(Topology.CLUSTER, RedisSortedSetQueues.class);
		List<String> names = queuesOnDifferentMasters(2);
		assertThatIllegalArgumentException().isThrownBy(() -> queues.popLowestBlocking(Duration.ofMillis(100), names))
			.withMessageContaining("different cluster slots")
			.withMessageContaining("hash tag");
	}

	@Test
	void aMergedPopWhoseClaimsGetNoReplySaysWhichMembersItRemovedAndWhichMayBeGone() throws Exception {
		RedisSortedSetQueues<String, String> queues = applications.bean(Topology.CLUSTER, RedisSortedSetQueues.class);
		List<String> names = queuesOnDifferentMasters(3);
		queues.addAll(names.get(0), Map.of("a1", 1.0, "a2", 4.0));
		queues.addAll(names.get(1), Map.of("b1", 2.0));
		queues.addAll(names.get(2), Map.of("c1", 3.0));
		RedisServer stalled = applications.serverFor(Topology.CLUSTER, names.get(0));
		CompletableFuture<List<QueueItem<String, String>>> pop;
		stalled.execute("CLIENT", "PAUSE", "10000", "WRITE");
		try {
			pop = CompletableFuture.supplyAsync(() -> queues.popLowest(4, names));
			String claiming = await().atMost(Duration.ofSeconds(5))
				.until(() -> stalled.clientList()
					.stream()
					.filter((client) -> client.contains("cmd=zrem") && client.contains("flags=b"))
					.findFirst(), Optional::isPresent)
				.orElseThrow();
			stalled.execute("CLIENT", "KILL", "ID", claiming.substring(3, claiming.indexOf(' ')));
		}
		finally {
			stalled.execute("CLIENT", "UNPAUSE");
		}
		Throwable failure = catchThrowable(() -> pop.get(10, TimeUnit.SECONDS));
		assertThat(failure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(RedisQueuePopException.class)
			.hasMessageContaining("2 member(s) removed for this caller")
			.hasMessageContaining("2 claimed without a reply");
		RedisQueuePopException partial = (RedisQueuePopException) failure.getCause();
		assertThat(partial.<String, String>getPopped()).extracting(QueueItem::member).containsExactly("b1", "c1");
		assertThat(partial.<String, String>getUnknown()).extracting(QueueItem::member).containsExactly("a1", "a2");
		assertThat(partial.<String, String>getUnknown()).extracting(QueueItem::queue).containsOnly(names.get(0));
		assertThat(stalled.execute("ZRANGE", names.get(0), "0", "-1")).as("claims that never ran")
			.isEqualTo(List.of("a1", "a2"));
		assertThat(queues.popLowest(4, names)).extracting(QueueItem::member).containsExactly("a1", "a2");
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void reactiveAddAndPopSendNothingBeforeSubscription(Topology topology) {
		RedisSortedSetQueues<String, String> queues = applications.bean(topology, RedisSortedSetQueues.class);
		List<String> names = queuesOnDifferentMasters(2);
		RedisServer server = applications.serverFor(topology, names.get(0));
		Mono<Long> add = queues.reactive().addAll(names.get(0), Map.of("r1", 1.0, "r2", 2.0));
		assertThat(server.execute("ZCARD", names.get(0))).isEqualTo(0L);
		assertThat(add.block(Duration.ofSeconds(5))).isEqualTo(2L);
		queues.reactive().addAll(names.get(1), Map.of("r3", 1.5)).block(Duration.ofSeconds(5));
		Mono<List<QueueItem<String, String>>> pop = queues.reactive().popLowest(2, names);
		assertThat(server.execute("ZCARD", names.get(0))).isEqualTo(2L);
		assertThat(pop.block(Duration.ofSeconds(5))).extracting(QueueItem::member).containsExactly("r1", "r3");
		assertThat(queues.reactive().popLowest(5, List.of()).block()).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void membersWrittenAsJsonAreReadByTheApplicationsTemplateAndTheReverse(Topology topology) {
		RedisTemplate<String, Task> template = jsonTemplate(
				applications.context(topology).getBean(RedisConnectionFactory.class));
		RedisSortedSetQueues<String, Task> queues = applications
			.<RedisSortedSetQueues<String, String>>bean(topology, RedisSortedSetQueues.class)
			.using(template);
		String queue = TopologyApplications.prefix() + "tasks";
		Task viaApi = new Task("resize", 3);
		queues.addAll(queue, Map.of(viaApi, 2.0));
		assertThat(template.opsForZSet().range(queue, 0, -1)).containsExactly(viaApi);
		Task viaTemplate = new Task("thumbnail", 1);
		template.opsForZSet().add(queue, viaTemplate, 1.0);
		List<QueueItem<String, Task>> popped = queues.popLowest(2, List.of(queue));
		assertThat(popped).extracting(QueueItem::member).containsExactly(viaTemplate, viaApi);
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void badInputIsRefusedBeforeAnyIoNamingTheArgument(Topology topology) {
		RedisSortedSetQueues<String, String> queues = applications.bean(topology, RedisSortedSetQueues.class);
		Map<String, Double> nullScore = new LinkedHashMap<>();
		nullScore.put("m", null);
		assertThatIllegalArgumentException().isThrownBy(() -> queues.popLowest(0, List.of("q")))
			.withMessageContaining("count must be at least 1");
		assertThatIllegalArgumentException().isThrownBy(() -> queues.popLowest(1, null))
			.withMessageContaining("queues must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> queues.popLowest(1, List.of("q", "")))
			.withMessageContaining("every key in queues");
		assertThatIllegalArgumentException().isThrownBy(() -> queues.addAll("", Map.of("m", 1.0)))
			.withMessageContaining("queue must not be null or empty");
		assertThatIllegalArgumentException().isThrownBy(() -> queues.addAll("q", nullScore))
			.withMessageContaining("the value of 'm' in members must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> queues.popLowestBlocking(Duration.ZERO, List.of("q")))
			.withMessageContaining("timeout must be a positive duration");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> queues.popLowestBlocking(Duration.ofMillis(10), List.of()))
			.withMessageContaining("queues must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> queues.reactive().popLowest(-1, List.of("q")))
			.withMessageContaining("count must be at least 1");
		assertThatIllegalArgumentException().isThrownBy(() -> queues.using(new RedisTemplate<String, String>()))
			.withMessageContaining("template must be a RedisTemplate with a connection factory");
	}

	/** Queue names on different cluster masters (different slots), so a pop spans nodes on a cluster. */
	private static List<String> queuesOnDifferentMasters(int count) {
		String prefix = TopologyApplications.prefix();
		List<String> names = new ArrayList<>();
		Set<Integer> ports = new HashSet<>();
		for (int i = 0; names.size() < count; i++) {
			String name = prefix + "queue-" + i;
			if (ports.add(applications.cluster().masterForKey(name).port())) {
				names.add(name);
			}
		}
		assertThat(names.stream().map((name) -> SlotHash.getSlot(name)).distinct()).hasSize(count);
		return names;
	}

	private static RedisTemplate<String, Task> jsonTemplate(RedisConnectionFactory factory) {
		RedisTemplate<String, Task> template = new RedisTemplate<>();
		template.setConnectionFactory(factory);
		template.setKeySerializer(StringRedisSerializer.UTF_8);
		template.setValueSerializer(new JacksonJsonRedisSerializer<>(Task.class));
		template.afterPropertiesSet();
		return template;
	}

	record Task(String kind, int priority) {
	}

}
