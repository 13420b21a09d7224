package com.tradingboost.redis.ops;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScoredValue;

import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations.TypedTuple;
import org.springframework.data.redis.core.script.DefaultRedisScript;

/**
 * Work queues on sorted sets, lowest score first: add many members in one call, pop the globally lowest N across
 * several queues atomically (a Lua script: ZMPOP only pops from the first non-empty queue), and a blocking pop with a
 * timeout on a pooled connection of its own.
 */
public final class RedisSortedSetQueues {

	/** Collects the N lowest across all queues, removes them, returns queue, member, score triples. */
	private static final DefaultRedisScript<List> POP_LOWEST = new DefaultRedisScript<>("""
			local n = tonumber(ARGV[1])
			local all = {}
			for i, queue in ipairs(KEYS) do
			  local items = redis.call('ZRANGE', queue, 0, n - 1, 'WITHSCORES')
			  for j = 1, #items, 2 do
			    table.insert(all, {queue, items[j], tonumber(items[j + 1])})
			  end
			end
			table.sort(all, function(a, b) if a[3] == b[3] then return a[2] < b[2] end return a[3] < b[3] end)
			local result = {}
			for i = 1, math.min(n, #all) do
			  redis.call('ZREM', all[i][1], all[i][2])
			  table.insert(result, all[i][1])
			  table.insert(result, all[i][2])
			  table.insert(result, tostring(all[i][3]))
			end
			return result
			""", List.class);

	private final StringRedisTemplate redis;

	private final TradingBoostLettuceConnectionFactory factory;

	public RedisSortedSetQueues(StringRedisTemplate redis, TradingBoostLettuceConnectionFactory factory) {
		this.redis = redis;
		this.factory = factory;
	}

	/**
	 * An item taken from a queue.
	 *
	 * @param queue the queue's key
	 * @param member the member
	 * @param score its score
	 */
	public record QueueItem(String queue, String member, double score) {
	}

	/**
	 * Adds members with their scores in one ZADD.
	 * @param queue the queue's key
	 * @param members each member with its score
	 * @return how many members were new
	 */
	public long addAll(String queue, Map<String, Double> members) {
		RedisArguments.key(queue, "queue");
		RedisArguments.entries(members, "members");
		if (members.isEmpty()) {
			return 0;
		}
		Set<TypedTuple<String>> tuples = members.entrySet()
			.stream()
			.map((entry) -> TypedTuple.of(entry.getKey(), entry.getValue()))
			.collect(Collectors.toSet());
		Long added = this.redis.opsForZSet().add(queue, tuples);
		return (added != null) ? added : 0;
	}

	/**
	 * Pops the {@code count} lowest-scored members across the queues, atomically.
	 * @param count how many members at most
	 * @param queues the queues' keys
	 * @return the members, lowest score first
	 */
	@SuppressWarnings("unchecked")
	public List<QueueItem> popLowest(int count, List<String> queues) {
		RedisArguments.positive(count, "count");
		RedisArguments.keys(queues, "queues");
		if (queues.isEmpty()) {
			return List.of();
		}
		List<String> flat = this.redis.execute(POP_LOWEST, queues, String.valueOf(count));
		List<QueueItem> items = new ArrayList<>();
		for (int i = 0; flat != null && i + 2 < flat.size(); i += 3) {
			items.add(new QueueItem(flat.get(i), flat.get(i + 1), Double.parseDouble(flat.get(i + 2))));
		}
		return items;
	}

	/**
	 * Waits for a member in any of the queues and pops the lowest-scored one of the first non-empty queue (BZPOPMIN).
	 * Keep the timeout below {@code tradingboost.redis.command-timeout}.
	 * @param timeout how long to wait
	 * @param queues the queues' keys, in priority order
	 * @return the member, or empty after the timeout
	 */
	public Optional<QueueItem> popLowestBlocking(Duration timeout, List<String> queues) {
		double seconds = RedisArguments.ttl(timeout, "timeout").toMillis() / 1000.0;
		RedisArguments.keys(queues, "queues");
		if (queues.isEmpty()) {
			throw new IllegalArgumentException("queues must not be empty");
		}
		byte[][] keys = queues.stream().map((queue) -> queue.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
		KeyValue<byte[], ScoredValue<byte[]>> popped = this.factory
			.withDedicatedConnection((connection) -> connection.sync().bzpopmin(seconds, keys));
		if (popped == null || !popped.hasValue()) {
			return Optional.empty();
		}
		return Optional.of(new QueueItem(new String(popped.getKey(), StandardCharsets.UTF_8),
				new String(popped.getValue().getValue(), StandardCharsets.UTF_8), popped.getValue().getScore()));
	}

}
