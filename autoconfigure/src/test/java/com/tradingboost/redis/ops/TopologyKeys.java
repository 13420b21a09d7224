package com.tradingboost.redis.ops;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.jspecify.annotations.Nullable;

import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;

import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Writes test keys past the patterns API and reads back which master holds which key, with SCAN on each server.
 */
final class TopologyKeys {

	private TopologyKeys() {
	}

	/** Writes string keys through Lettuce directly, with a TTL or without one. */
	static void write(TopologyApplications applications, Topology topology, Map<String, String> values,
			@Nullable Duration ttl) {
		write(applications.bean(topology, TradingBoostLettuceConnectionFactory.class), values, ttl);
	}

	/** Writes string keys through Lettuce directly, with a TTL or without one. */
	static void write(RedisConnectionFactory factory, Map<String, String> values, @Nullable Duration ttl) {
		LettuceCommands lettuce = new LettuceCommands(factory, Duration.ofSeconds(60));
		lettuce.run("write", (connection) -> {
			RedisClusterAsyncCommands<byte[], byte[]> commands = LettuceCommands.async(connection);
			List<CompletableFuture<String>> replies = new ArrayList<>();
			values.forEach((key, value) -> replies.add(((ttl != null)
					? commands.set(bytes(key), bytes(value), SetArgs.Builder.px(ttl.toMillis()))
					: commands.set(bytes(key), bytes(value)))
				.toCompletableFuture()));
			return CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new));
		});
	}

	/** The keys matching a pattern on each master of a topology. */
	static List<Set<String>> perMaster(TopologyApplications applications, Topology topology, String pattern) {
		return applications.masters(topology).stream().map((master) -> master.keys(pattern)).toList();
	}

	/** The keys matching a pattern on all masters of a topology. */
	static Set<String> all(TopologyApplications applications, Topology topology, String pattern) {
		Set<String> all = new HashSet<>();
		perMaster(applications, topology, pattern).forEach(all::addAll);
		return all;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
