package com.tradingboost.redis.ops;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * Work queues on sorted sets, lowest score first, with members encoded by the template's value serializer and queue
 * keys by its key serializer.
 * <p>
 * The cross-queue pop is atomic when every queue is on one slot: always on one server or under Sentinel, and on a
 * cluster when the queues' keys share a hash tag ({@code {jobs}:high}, {@code {jobs}:low}); a Lua script then takes
 * the globally lowest members. On a cluster, queues in different slots are popped per queue and merged, not
 * atomically: the lowest members of each queue are read, merged, and each chosen member is claimed with its own
 * {@code ZREM}; only a member whose {@code ZREM} removed it is returned, so concurrent consumers never receive the
 * same member twice and none is lost, but under contention fewer members than asked for may come back. If a claim
 * fails after others removed members, the pop throws {@link RedisQueuePopException} with the members it removed and
 * those whose {@code ZREM} got no reply (adding those again keeps delivery at least once); nothing is dropped
 * silently. An atomic pop whose reply is lost fails saying it may or may not have run: like {@code ZPOPMIN}, the
 * members it may have removed cannot be known. The blocking pop ({@code BZPOPMIN}) on a cluster needs queues that
 * share a hash tag.
 *
 * @param <K> the type of the queues' keys
 * @param <V> the type of the members
 */
public final class RedisSortedSetQueues<K, V> {

	/** Rounds of the merged pop: a round after the first only replaces members other consumers claimed first. */
	private static final int CLAIM_ROUNDS = 3;

	/**
	 * Collects the N lowest across all queues, removes them, and returns queue index (1-based), member and score as
	 * Redis formatted it, for each.
	 */
	private static final byte[] POP_LOWEST = """
			local n = tonumber(ARGV[1])
			local all = {}
			for i, queue in ipairs(KEYS) do
			  local items = redis.call('ZRANGE', queue, 0, n - 1, 'WITHSCORES')
			  for j = 1, #items, 2 do
			    table.insert(all, {i, items[j], tonumber(items[j + 1]), items[j + 1]})
			  end
			end
			table.sort(all, function(a, b)
			  if a[3] ~= b[3] then return a[3] < b[3] end
			  if a[2] ~= b[2] then return a[2] < b[2] end
			  return a[1] < b[1]
			end)
			local result = {}
			for i = 1, math.min(n, #all) do
			  redis.call('ZREM', KEYS[all[i][1]], all[i][2])
			  table.insert(result, all[i][1])
			  table.insert(result, all[i][2])
			  table.insert(result, all[i][4])
			end
			return result
			""".getBytes(StandardCharsets.UTF_8);

	private final RedisSerializer<K> keys;

	private final RedisSerializer<V> values;

	private final RedisConnectionFactory factory;

	private final LettuceCommands commands;

	/** Waits for every round's read and claims, each bounded by the command timeout, so no claim outlives the wait. */
	private final LettuceCommands mergedPops;

	/**
	 * Creates the queues over a template's connection factory and serializers.
	 * @param template the template, normally a {@code RedisTemplate}
	 * @param timeout how long a call waits for its replies
	 */
	public RedisSortedSetQueues(RedisOperations<K, V> template, Duration timeout) {
		this.factory = TemplateAccess.connectionFactory(template);
		this.keys = TemplateAccess.keySerializer(template);
		this.values = TemplateAccess.valueSerializer(template);
		this.commands = new LettuceCommands(this.factory, timeout);
		this.mergedPops = this.commands.withTimeout(timeout.multipliedBy(2L * CLAIM_ROUNDS));
	}

	/**
	 * Returns queues with the same settings over another template, for other key and member types.
	 * @param <K2> the type of the other template's keys
	 * @param <V2> the type of the other template's values
	 * @param other the other template
	 * @return the queues
	 */
	public <K2, V2> RedisSortedSetQueues<K2, V2> using(RedisOperations<K2, V2> other) {
		return new RedisSortedSetQueues<>(other, this.commands.timeout());
	}

	/**
	 * Returns the same operations as lazy {@link Mono}s, for reactive callers.
	 * @return the reactive queues
	 */
	public Reactive<K, V> reactive() {
		return new Reactive<>(this);
	}

	/**
	 * Adds members with their scores in one {@code ZADD}; a member already queued gets the new score.
	 * @param queue the queue's key
	 * @param members each member with its score
	 * @return how many members were new
	 */
	public long addAll(K queue, Map<V, Double> members) {
		AddAll add = addAllCommand(queue, members);
		return (add == null) ? 0 : this.commands.await(add.start(), "ZADD of " + members.size() + " members");
	}

	/**
	 * Pops the {@code count} lowest-scored members across the queues: atomically when the queues are on one slot,
	 * otherwise per queue and merged (see the class description).
	 * @param count how many members at most
	 * @param queues the queues' keys
	 * @return the members, lowest score first
	 * @throws RedisQueuePopException if a merged pop failed after claiming members
	 */
	public List<QueueItem<K, V>> popLowest(int count, List<K> queues) {
		Pop<K, V> pop = popCommand(count, queues);
		if (pop == null) {
			return List.of();
		}
		LettuceCommands waiting = pop.atomic() ? this.commands : this.mergedPops;
		return waiting.await(pop.start(), "A pop of " + count + " queue members");
	}

	/**
	 * Waits for a member in any of the queues and pops the lowest-scored one of the first non-empty queue
	 * ({@code BZPOPMIN}) on a pooled connection of its own; on a cluster, the queues must share a hash tag. Keep the
	 * timeout below {@code tradingboost.redis.command-timeout}.
	 * @param timeout how long to wait
	 * @param queues the queues' keys, in priority order
	 * @return the member, or empty after the timeout
	 */
	public Optional<QueueItem<K, V>> popLowestBlocking(Duration timeout, List<K> queues) {
		double seconds = Math.max(RedisArguments.ttl(timeout, "timeout").toMillis(), 1) / 1000.0;
		RedisArguments.keys(queues, "queues");
		if (queues.isEmpty()) {
			throw new IllegalArgumentException("queues must not be empty");
		}
		byte[][] raw = encodeKeys(queues);
		if (this.commands.isCluster() && !oneSlot(raw)) {
			throw new IllegalArgumentException("queues " + queues + " hash to different cluster slots: a blocking pop "
					+ "on a cluster needs queues whose keys share a hash tag, e.g. '{jobs}:high' and '{jobs}:low'");
		}
		if (!(this.factory instanceof TradingBoostLettuceConnectionFactory dedicated)) {
			throw new IllegalStateException("A blocking pop needs the starter's connection factory, the template uses "
					+ this.factory.getClass().getName());
		}
		LettuceCommands waiting = this.commands.withTimeout(this.commands.timeout().plus(timeout));
		KeyValue<byte[], ScoredValue<byte[]>> popped = dedicated.withDedicatedConnection((connection) -> waiting
			.await(LettuceCommands.async(connection).bzpopmin(seconds, raw).toCompletableFuture(), "BZPOPMIN"));
		if (popped == null || !popped.hasValue()) {
			return Optional.empty();
		}
		return Optional.of(new QueueItem<>(queueOf(queues, raw, popped.getKey()),
				decode(popped.getValue().getValue()), popped.getValue().getScore()));
	}

	private @Nullable AddAll addAllCommand(K queue, Map<V, Double> members) {
		byte[] key = encodeKey(RedisArguments.key(queue, "queue"));
		RedisArguments.entries(members, "members");
		if (members.isEmpty()) {
			return null;
		}
		@SuppressWarnings("unchecked")
		ScoredValue<byte[]>[] scored = new ScoredValue[members.size()];
		int i = 0;
		for (Map.Entry<V, Double> member : members.entrySet()) {
			scored[i++] = ScoredValue.just(member.getValue(), encode(member.getKey(), "every member"));
		}
		return new AddAll(this.commands, key, scored);
	}

	private @Nullable Pop<K, V> popCommand(int count, List<K> queues) {
		RedisArguments.positive(count, "count");
		RedisArguments.keys(queues, "queues");
		if (queues.isEmpty()) {
			return null;
		}
		byte[][] raw = encodeKeys(queues);
		boolean atomic = !this.commands.isCluster() || oneSlot(raw);
		return new Pop<>(this, count, List.copyOf(queues), raw, atomic);
	}

	private CompletionStage<List<QueueItem<K, V>>> popAtomically(StatefulConnection<byte[], byte[]> connection,
			int count, List<K> queues, byte[][] raw) {
		RedisFuture<List<Object>> popped = LettuceCommands.async(connection)
			.eval(POP_LOWEST, ScriptOutputType.MULTI, raw, Integer.toString(count).getBytes(StandardCharsets.US_ASCII));
		return popped.thenApply((flat) -> {
			List<QueueItem<K, V>> items = new ArrayList<>(flat.size() / 3);
			for (int i = 0; i + 2 < flat.size(); i += 3) {
				int queue = ((Long) flat.get(i)).intValue() - 1;
				items.add(new QueueItem<>(queues.get(queue), decode((byte[]) flat.get(i + 1)),
						score((byte[]) flat.get(i + 2))));
			}
			return items;
		});
	}

	private CompletionStage<List<QueueItem<K, V>>> popMerged(StatefulConnection<byte[], byte[]> connection, int count,
			List<K> queues, byte[][] raw) {
		RedisClusterAsyncCommands<byte[], byte[]> async = LettuceCommands.async(connection);
		Claims claims = new Claims();
		return claimRound(async, count, raw, claims, 1).handle((ignored, failure) -> {
			List<QueueItem<K, V>> popped = items(claims.removed, queues);
			if (!claims.unknown.isEmpty()) {
				throw new RedisQueuePopException("A pop of " + count + " queue members", popped,
						items(claims.unknown, queues), LettuceCommands.translate(failure));
			}
			if (failure != null && popped.isEmpty()) {
				throw LettuceCommands.translate(failure);
			}
			return popped;
		});
	}

	private List<QueueItem<K, V>> items(List<Candidate> candidates, List<K> queues) {
		candidates.sort(Candidate.ORDER);
		return candidates.stream()
			.map((candidate) -> new QueueItem<>(queues.get(candidate.queue()), decode(candidate.member()),
					candidate.score()))
			.toList();
	}

	/**
	 * Reads the lowest members of every queue, merges them and claims the lowest that are still missing. Fails, with
	 * what it claimed kept in {@code claims}, as soon as a read or a claim fails.
	 */
	private CompletionStage<Void> claimRound(RedisClusterAsyncCommands<byte[], byte[]> async, int count, byte[][] raw,
			Claims claims, int round) {
		int wanted = count - claims.removed.size();
		List<CompletableFuture<List<ScoredValue<byte[]>>>> peeks = new ArrayList<>(raw.length);
		for (byte[] queue : raw) {
			peeks.add(async.zrangeWithScores(queue, 0, count - 1).toCompletableFuture());
		}
		return CompletableFuture.allOf(peeks.toArray(CompletableFuture[]::new)).thenCompose((peeked) -> {
			List<Candidate> candidates = new ArrayList<>();
			for (int queue = 0; queue < raw.length; queue++) {
				for (ScoredValue<byte[]> value : peeks.get(queue).join()) {
					Candidate candidate = new Candidate(queue, value.getValue(), value.getScore());
					if (!claims.removed.contains(candidate)) {
						candidates.add(candidate);
					}
				}
			}
			candidates.sort(Candidate.ORDER);
			List<Candidate> chosen = candidates.subList(0, Math.min(wanted, candidates.size()));
			if (chosen.isEmpty()) {
				return CompletableFuture.completedFuture(null);
			}
			List<CompletableFuture<Long>> zrems = new ArrayList<>(chosen.size());
			for (Candidate candidate : chosen) {
				zrems.add(async.zrem(raw[candidate.queue()], candidate.member()).toCompletableFuture());
			}
			return CompletableFuture.allOf(zrems.toArray(CompletableFuture[]::new))
				.handle((ignored, failure) -> claims.collect(chosen, zrems))
				.thenCompose((lost) -> (lost && claims.removed.size() < count && round < CLAIM_ROUNDS)
						? claimRound(async, count, raw, claims, round + 1) : CompletableFuture.completedFuture(null));
		});
	}

	private static boolean oneSlot(byte[][] keys) {
		int slot = SlotHash.getSlot(keys[0]);
		for (int i = 1; i < keys.length; i++) {
			if (SlotHash.getSlot(keys[i]) != slot) {
				return false;
			}
		}
		return true;
	}

	private K queueOf(List<K> queues, byte[][] raw, byte[] key) {
		for (int i = 0; i < raw.length; i++) {
			if (Arrays.equals(raw[i], key)) {
				return queues.get(i);
			}
		}
		K decoded = this.keys.deserialize(key);
		if (decoded == null) {
			throw new IllegalStateException("The key serializer cannot read the queue key BZPOPMIN returned");
		}
		return decoded;
	}

	private byte[][] encodeKeys(List<K> queues) {
		byte[][] raw = new byte[queues.size()][];
		for (int i = 0; i < raw.length; i++) {
			raw[i] = encodeKey(queues.get(i));
		}
		return raw;
	}

	private byte[] encodeKey(K key) {
		byte[] raw = this.keys.serialize(key);
		if (raw == null || raw.length == 0) {
			throw new IllegalArgumentException("The key serializer turned queue '" + key + "' into no bytes");
		}
		return raw;
	}

	private byte[] encode(V member, String name) {
		byte[] raw = this.values.serialize(member);
		if (raw == null) {
			throw new IllegalArgumentException(name + " must serialize to bytes, '" + member + "' did not");
		}
		return raw;
	}

	private V decode(byte[] member) {
		V value = this.values.deserialize(member);
		if (value == null) {
			throw new IllegalStateException("The value serializer read a queue member as null");
		}
		return value;
	}

	/** A score as Redis formats it, infinities included. */
	private static double score(byte[] formatted) {
		String text = new String(formatted, StandardCharsets.US_ASCII);
		return switch (text) {
			case "inf", "+inf" -> Double.POSITIVE_INFINITY;
			case "-inf" -> Double.NEGATIVE_INFINITY;
			default -> Double.parseDouble(text);
		};
	}

	/**
	 * A member taken from a queue.
	 *
	 * @param <K> the type of the queue's key
	 * @param <V> the type of the member
	 * @param queue the queue's key
	 * @param member the member
	 * @param score its score
	 */
	public record QueueItem<K, V>(K queue, V member, double score) {
	}

	/**
	 * The queues' operations as lazy {@link Mono}s: nothing is sent before subscription, and every command passes the
	 * same breaker, retry and meters.
	 *
	 * @param <K> the type of the queues' keys
	 * @param <V> the type of the members
	 */
	public static final class Reactive<K, V> {

		private final RedisSortedSetQueues<K, V> queues;

		Reactive(RedisSortedSetQueues<K, V> queues) {
			this.queues = queues;
		}

		/**
		 * Adds members with their scores in one {@code ZADD}.
		 * @param queue the queue's key
		 * @param members each member with its score
		 * @return how many members were new
		 */
		public Mono<Long> addAll(K queue, Map<V, Double> members) {
			AddAll add = this.queues.addAllCommand(queue, members);
			return (add == null) ? Mono.just(0L) : Mono.fromFuture(add::start);
		}

		/**
		 * Pops the {@code count} lowest-scored members across the queues, with the same rule as
		 * {@link RedisSortedSetQueues#popLowest(int, List)}.
		 * @param count how many members at most
		 * @param queues the queues' keys
		 * @return the members, lowest score first
		 */
		public Mono<List<QueueItem<K, V>>> popLowest(int count, List<K> queues) {
			Pop<K, V> pop = this.queues.popCommand(count, queues);
			return (pop == null) ? Mono.just(List.of()) : Mono.fromFuture(pop::start);
		}

	}

	private record AddAll(LettuceCommands commands, byte[] key, ScoredValue<byte[]>[] members) {

		CompletableFuture<Long> start() {
			return this.commands.start((connection) -> LettuceCommands.async(connection).zadd(this.key, this.members));
		}

	}

	private record Pop<K, V>(RedisSortedSetQueues<K, V> owner, int count, List<K> queues, byte[][] raw,
			boolean atomic) {

		CompletableFuture<List<QueueItem<K, V>>> start() {
			return this.owner.commands.start((connection) -> this.atomic
					? this.owner.popAtomically(connection, this.count, this.queues, this.raw)
					: this.owner.popMerged(connection, this.count, this.queues, this.raw));
		}

	}

	/** What the rounds of one merged pop claimed: the members removed for it, and those whose ZREM got no reply. */
	private static final class Claims {

		final List<Candidate> removed = new ArrayList<>();

		final List<Candidate> unknown = new ArrayList<>();

		/**
		 * Sorts the chosen members by what their {@code ZREM} answered; a member whose claim certainly did not run is
		 * still queued and is neither.
		 * @return whether another consumer took some of the chosen members first
		 * @throws RuntimeException the first failed claim, once every claim is sorted
		 */
		boolean collect(List<Candidate> chosen, List<CompletableFuture<Long>> zrems) {
			boolean lost = false;
			Throwable failure = null;
			for (int i = 0; i < chosen.size(); i++) {
				Throwable claimFailure = zrems.get(i).handle((value, ex) -> ex).join();
				if (claimFailure != null) {
					failure = (failure != null) ? failure : claimFailure;
					if (!LettuceCommands.certainlyDidNotRun(claimFailure)) {
						this.unknown.add(chosen.get(i));
					}
				}
				else if (zrems.get(i).join() == 1L) {
					this.removed.add(chosen.get(i));
				}
				else {
					lost = true;
				}
			}
			if (failure != null) {
				throw LettuceCommands.translate(failure);
			}
			return lost;
		}

	}

	private record Candidate(int queue, byte[] member, double score) {

		/** Lowest score first, then the order Redis gives equal scores (bytes), then the queues' order. */
		static final Comparator<Candidate> ORDER = Comparator.comparingDouble(Candidate::score)
			.thenComparing(Candidate::member, Arrays::compareUnsigned)
			.thenComparingInt(Candidate::queue);

		@Override
		public boolean equals(Object other) {
			return other instanceof Candidate candidate && candidate.queue == this.queue
					&& Arrays.equals(candidate.member, this.member);
		}

		@Override
		public int hashCode() {
			return 31 * this.queue + Arrays.hashCode(this.member);
		}

	}

}
