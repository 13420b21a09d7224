package com.tradingboost.redis.nearcache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import org.jspecify.annotations.Nullable;

import com.tradingboost.redis.resilience.RedisOutages;

import org.springframework.data.redis.cache.RedisCache;

/**
 * A Redis cache with an in-process L1: reads are served from L1 while the invalidation channel tracks the cache's
 * keys, and a change of a key in Redis, by any client, evicts its L1 entry.
 */
public final class NearCache extends RedisCache {

	private static final int STRIPES = 1024;

	private final NearCacheInvalidations invalidations;

	private final Cache<String, Entry> local;

	/** Bumped, under the key's lock, each time a key of the stripe is invalidated. */
	private final AtomicLongArray stripes = new AtomicLongArray(STRIPES);

	/** Bumped each time the whole L1 is dropped. */
	private final AtomicLong generation = new AtomicLong();

	private final String prefix;

	private final long maximumSize;

	private final @Nullable Duration expireAfterWrite;

	private final long maxStaleNanos;

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final LongAdder staleHits = new LongAdder();

	private final LongAdder[] evictions = { new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder() };

	NearCache(RedisCache redis, NearCacheInvalidations invalidations, long maximumSize,
			@Nullable Duration expireAfterWrite, Duration maxStale) {
		super(redis.getName(), redis.getNativeCache(), redis.getCacheConfiguration());
		this.invalidations = invalidations;
		this.prefix = checkedPrefix();
		this.maximumSize = maximumSize;
		this.expireAfterWrite = expireAfterWrite;
		this.maxStaleNanos = maxStale.toNanos();
		Caffeine<Object, Object> builder = Caffeine.newBuilder()
			.maximumSize(maximumSize)
			.executor(Runnable::run)
			.evictionListener((key, value, cause) -> countEviction(cause));
		if (expireAfterWrite != null) {
			builder.expireAfterWrite(expireAfterWrite);
		}
		this.local = builder.build();
	}

	/** The serialized key prefix of this cache, checked to start every serialized key (else BCAST would miss them). */
	private String checkedPrefix() {
		String prefix = getCacheConfiguration().usePrefix() ? getCacheConfiguration().getKeyPrefixFor(getName()) : "";
		byte[] prefixBytes = serializeCacheKey(prefix);
		byte[] sample = serializeCacheKey(createCacheKey("near-cache-probe"));
		if (sample.length < prefixBytes.length
				|| !Arrays.equals(prefixBytes, Arrays.copyOf(sample, prefixBytes.length))) {
			throw new IllegalStateException("Cache '" + getName() + "' is named in tradingboost.redis.near-cache.caches,"
					+ " but its key serializer does not keep the key prefix at the start of every key, so Redis"
					+ " could not tell it about changes: use a String key serializer for it");
		}
		return new String(prefixBytes, StandardCharsets.ISO_8859_1);
	}

	@Override
	protected @Nullable Object lookup(Object key) {
		String localKey = localKey(key);
		if (this.invalidations.isServing()) {
			Entry entry = this.local.getIfPresent(localKey);
			if (entry != null) {
				this.hits.increment();
				return entry.value();
			}
		}
		this.misses.increment();
		long epoch = this.invalidations.epoch();
		long generation = this.generation.get();
		int stripe = stripe(localKey);
		long version = this.stripes.get(stripe);
		Object value;
		try {
			value = super.lookup(key);
		}
		catch (RuntimeException ex) {
			Entry stale = staleEntry(localKey, ex);
			if (stale == null) {
				throw ex;
			}
			this.staleHits.increment();
			return stale.value();
		}
		if (value != null && NearCacheInvalidations.isServingEpoch(epoch)) {
			store(localKey, new Entry(value, System.nanoTime()), epoch, generation, stripe, version);
		}
		return value;
	}

	/**
	 * Stores what a read found, unless an invalidation of the key or a reset came after the read began: the check and
	 * the store run under the key's lock, which every invalidation takes too.
	 */
	private void store(String localKey, Entry entry, long epoch, long generation, int stripe, long version) {
		this.local.asMap()
			.compute(localKey, (key, existing) -> (this.stripes.get(stripe) == version
					&& this.invalidations.epoch() == epoch && this.generation.get() == generation) ? entry : existing);
		if (this.invalidations.epoch() != epoch || this.generation.get() != generation) {
			this.local.asMap().remove(localKey, entry);
		}
	}

	private @Nullable Entry staleEntry(String localKey, RuntimeException failure) {
		if (this.maxStaleNanos <= 0 || !RedisOutages.isUnavailable(failure)) {
			return null;
		}
		Entry entry = this.local.getIfPresent(localKey);
		return (entry != null && System.nanoTime() - entry.storedNanos() <= this.maxStaleNanos) ? entry : null;
	}

	@Override
	public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
		ValueWrapper cached = get(key);
		if (cached != null) {
			@SuppressWarnings("unchecked")
			T value = (T) cached.get();
			return value;
		}
		return afterWrite(key, () -> super.get(key, valueLoader));
	}

	@Override
	public CompletableFuture<ValueWrapper> retrieve(Object key) {
		Entry entry = servingEntry(key);
		return (entry != null) ? CompletableFuture.completedFuture(toValueWrapper(entry.value())) : super.retrieve(key);
	}

	@Override
	public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
		Entry entry = servingEntry(key);
		if (entry != null) {
			@SuppressWarnings("unchecked")
			T value = (T) fromStoreValue(entry.value());
			return CompletableFuture.completedFuture(value);
		}
		return super.retrieve(key, valueLoader);
	}

	private @Nullable Entry servingEntry(Object key) {
		if (!this.invalidations.isServing()) {
			this.misses.increment();
			return null;
		}
		Entry entry = this.local.getIfPresent(localKey(key));
		((entry != null) ? this.hits : this.misses).increment();
		return entry;
	}

	@Override
	public void put(Object key, @Nullable Object value) {
		afterWrite(key, () -> {
			super.put(key, value);
			return null;
		});
	}

	@Override
	public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
		return afterWrite(key, () -> super.putIfAbsent(key, value));
	}

	@Override
	public void evict(Object key) {
		afterWrite(key, () -> {
			super.evict(key);
			return null;
		});
	}

	@Override
	public boolean evictIfPresent(Object key) {
		Boolean evicted = afterWrite(key, () -> super.evictIfPresent(key));
		return evicted != null && evicted;
	}

	@Override
	public void clear(String keyPattern) {
		try {
			super.clear(keyPattern);
		}
		finally {
			reset();
		}
	}

	@Override
	public boolean invalidate() {
		try {
			return super.invalidate();
		}
		finally {
			reset();
		}
	}

	/** Writes to Redis first, then drops the L1 entry, even when the write failed part way. */
	private <T> @Nullable T afterWrite(Object key, Supplier<@Nullable T> write) {
		try {
			return write.get();
		}
		finally {
			invalidate(localKey(key));
		}
	}

	/** Drops one L1 entry, by its Redis key (ISO-8859-1 decoded), so that no read begun earlier stores it again. */
	void invalidate(String localKey) {
		int stripe = stripe(localKey);
		this.local.asMap().compute(localKey, (key, existing) -> {
			this.stripes.incrementAndGet(stripe);
			if (existing != null) {
				this.evictions[Cause.INVALIDATION.ordinal()].increment();
			}
			return null;
		});
	}

	/** Drops every L1 entry. */
	void reset() {
		this.generation.incrementAndGet();
		for (String key : this.local.asMap().keySet()) {
			if (this.local.asMap().remove(key) != null) {
				this.evictions[Cause.RESET.ordinal()].increment();
			}
		}
	}

	boolean owns(String redisKey) {
		return redisKey.startsWith(this.prefix);
	}

	String prefix() {
		return this.prefix;
	}

	private String localKey(Object key) {
		return new String(serializeCacheKey(createCacheKey(key)), StandardCharsets.ISO_8859_1);
	}

	private static int stripe(String localKey) {
		int hash = localKey.hashCode();
		return (hash ^ (hash >>> 16)) & (STRIPES - 1);
	}

	private void countEviction(RemovalCause cause) {
		if (cause == RemovalCause.SIZE) {
			this.evictions[Cause.SIZE.ordinal()].increment();
		}
		else if (cause == RemovalCause.EXPIRED) {
			this.evictions[Cause.EXPIRY.ordinal()].increment();
		}
	}

	/**
	 * Returns the number of reads served from L1.
	 * @return the L1 hits
	 */
	public long getHits() {
		return this.hits.sum();
	}

	/**
	 * Returns the number of reads that went to Redis: not in L1, or L1 not serving.
	 * @return the L1 misses
	 */
	public long getMisses() {
		return this.misses.sum();
	}

	/**
	 * Returns the number of reads served from L1 while Redis was unavailable, within {@code max-stale}.
	 * @return the stale hits
	 */
	public long getStaleHits() {
		return this.staleHits.sum();
	}

	/**
	 * Returns the number of entries evicted for a cause.
	 * @param cause the cause
	 * @return the evictions
	 */
	public long getEvictions(Cause cause) {
		return this.evictions[cause.ordinal()].sum();
	}

	/**
	 * Returns the approximate number of entries in L1.
	 * @return the size
	 */
	public long getLocalSize() {
		this.local.cleanUp();
		return this.local.estimatedSize();
	}

	/**
	 * Returns the most entries L1 keeps.
	 * @return the maximum size
	 */
	public long getMaximumSize() {
		return this.maximumSize;
	}

	/**
	 * Returns how long an entry stays in L1 after it was read from Redis, never longer than the cache's Redis TTL.
	 * @return the L1 expiry, or {@code null} for none
	 */
	public @Nullable Duration getExpireAfterWrite() {
		return this.expireAfterWrite;
	}

	/**
	 * Tells whether L1 holds an entry for a key, whether or not it would serve it now.
	 * @param key the cache key
	 * @return {@code true} when L1 holds it
	 */
	public boolean isLocallyCached(Object key) {
		return this.local.getIfPresent(localKey(key)) != null;
	}

	/** Why an entry left L1. */
	public enum Cause {

		/** The L1 was full. */
		SIZE,

		/** The entry reached its L1 expiry. */
		EXPIRY,

		/** Redis, or a write through this cache, said the key changed. */
		INVALIDATION,

		/** The whole L1 was dropped: a reconnect, a flush, a clear, or the invalidation channel lost. */
		RESET

	}

	private record Entry(@Nullable Object value, long storedNanos) {
	}

}
