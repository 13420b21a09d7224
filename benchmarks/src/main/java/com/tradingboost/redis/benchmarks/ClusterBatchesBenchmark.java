package com.tradingboost.redis.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.tradingboost.redis.ops.RedisBatches;
import com.tradingboost.redis.ops.RedisSortedSetQueues;
import com.tradingboost.redis.testsupport.RedisClusterServers;
import com.tradingboost.redis.testsupport.RedisServer;
import com.tradingboost.redis.testsupport.RedisServers;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code RedisBatches} on a three-master cluster against the same batches on one server, in the same round: 10,000
 * SET with TTL and 10,000 GET, one thread; and {@code RedisSortedSetQueues.popLowest} draining 10,000 members from
 * three queues: merged across slots, atomic under one hash tag, and atomic on one server.
 */
final class ClusterBatchesBenchmark {

	private static final int COUNT = 10_000;

	private final RedisServer standalone;

	private final int rounds;

	private final Consumer<String> progress;

	ClusterBatchesBenchmark(RedisServer standalone, int rounds, Consumer<String> progress) {
		this.standalone = standalone;
		this.rounds = rounds;
		this.progress = progress;
	}

	/** Measured figures of one run. */
	record Result(Ratios standaloneSet, Ratios clusterSet, Ratios setRatio, Ratios standaloneGet, Ratios clusterGet,
			Ratios getRatio, Ratios standalonePop, Ratios taggedPop, Ratios mergedPop, Ratios mergedVsTagged) {
	}

	@SuppressWarnings("unchecked")
	Result run() {
		Map<String, String> values = new LinkedHashMap<>();
		for (int i = 0; i < COUNT; i++) {
			values.put("cluster-batch:" + i, "v" + i);
		}
		List<String> keys = new ArrayList<>(values.keySet());
		Result result = new Result(new Ratios(), new Ratios(), new Ratios(), new Ratios(), new Ratios(), new Ratios(),
				new Ratios(), new Ratios(), new Ratios(), new Ratios());
		try (RedisClusterServers cluster = RedisServers.startCluster();
				ConfigurableApplicationContext one = BenchmarkApplication.start(BenchmarkApplication.Variant.STARTER,
						this.standalone.host(), this.standalone.port(), false);
				ConfigurableApplicationContext many = BenchmarkApplication.start(BenchmarkApplication.Variant.STARTER, false,
						List.of("--tradingboost.redis.cluster.nodes=" + String.join(",", cluster.seedEndpoints())))) {
			RedisBatches<String, String> onOne = one.getBean(RedisBatches.class);
			RedisBatches<String, String> onCluster = many.getBean(RedisBatches.class);
			RedisSortedSetQueues<String, String> queuesOnOne = one.getBean(RedisSortedSetQueues.class);
			RedisSortedSetQueues<String, String> queuesOnCluster = many.getBean(RedisSortedSetQueues.class);
			List<String> tagged = List.of("{bench-queues}:a", "{bench-queues}:b", "{bench-queues}:c");
			List<String> spread = List.of("bench-queue:a", "bench-queue:b", "bench-queue:c");
			onOne.setAll(values, Duration.ofMinutes(10));
			onCluster.setAll(values, Duration.ofMinutes(10));
			onOne.getAll(keys);
			onCluster.getAll(keys);
			for (int round = 1; round <= this.rounds; round++) {
				double oneSet = opsPerSecond(() -> onOne.setAll(values, Duration.ofMinutes(10)));
				double clusterSet = opsPerSecond(() -> onCluster.setAll(values, Duration.ofMinutes(10)));
				double oneGet = opsPerSecond(() -> onOne.getAll(keys));
				double clusterGet = opsPerSecond(() -> onCluster.getAll(keys));
				result.standaloneSet().add(oneSet);
				result.clusterSet().add(clusterSet);
				result.setRatio().add(clusterSet / oneSet);
				result.standaloneGet().add(oneGet);
				result.clusterGet().add(clusterGet);
				result.getRatio().add(clusterGet / oneGet);
				double onePop = drainPerSecond(queuesOnOne, spread);
				double taggedPop = drainPerSecond(queuesOnCluster, tagged);
				double mergedPop = drainPerSecond(queuesOnCluster, spread);
				result.standalonePop().add(onePop);
				result.taggedPop().add(taggedPop);
				result.mergedPop().add(mergedPop);
				result.mergedVsTagged().add(mergedPop / taggedPop);
				this.progress.accept("round " + round + " cluster batches: SET " + (long) clusterSet + " vs "
						+ (long) oneSet + " ops/s, GET " + (long) clusterGet + " vs " + (long) oneGet);
			}
		}
		return result;
	}

	/** Fills the queues with {@link #COUNT} members in all and pops them 100 at a time until none is left. */
	private static double drainPerSecond(RedisSortedSetQueues<String, String> queues, List<String> names) {
		for (int q = 0; q < names.size(); q++) {
			Map<String, Double> members = new LinkedHashMap<>();
			for (int i = q; i < COUNT; i += names.size()) {
				members.put("m" + i, (double) i);
			}
			queues.addAll(names.get(q), members);
		}
		long start = System.nanoTime();
		int popped = 0;
		List<?> page;
		do {
			page = queues.popLowest(100, names);
			popped += page.size();
		}
		while (!page.isEmpty());
		if (popped != COUNT) {
			throw new IllegalStateException("Popped " + popped + " of " + COUNT + " queue members");
		}
		return COUNT / ((System.nanoTime() - start) / 1e9);
	}

	private static double opsPerSecond(Runnable batch) {
		long start = System.nanoTime();
		batch.run();
		return COUNT / ((System.nanoTime() - start) / 1e9);
	}

}
