package com.tradingboost.redis.health;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What Redis said about itself in its last {@code INFO} reply.
 *
 * @param version the server version
 * @param mode standalone, cluster or sentinel
 * @param role master or replica
 * @param connectedClients the number of client connections, all clients of the server
 * @param usedMemoryHuman memory in use, as Redis formats it
 * @param maxClients the server's client limit, when it reports it (Redis 7)
 * @param keyspaceHits server-wide successful key lookups
 * @param keyspaceMisses server-wide failed key lookups
 * @param usedMemory memory in use, in bytes
 */
public record RedisServerFacts(@Nullable String version, @Nullable String mode, @Nullable String role,
		@Nullable Long connectedClients, @Nullable String usedMemoryHuman, @Nullable Long maxClients,
		@Nullable Long keyspaceHits, @Nullable Long keyspaceMisses, @Nullable Long usedMemory) {

	/**
	 * Reads the facts from an {@code INFO} reply.
	 * @param info the reply text
	 * @return the facts, with {@code null} for fields the reply lacks
	 */
	public static RedisServerFacts parse(String info) {
		Map<String, String> fields = InfoFields.parse(info);
		return new RedisServerFacts(fields.get("redis_version"), fields.get("redis_mode"), fields.get("role"),
				InfoFields.number(fields.get("connected_clients")), fields.get("used_memory_human"),
				InfoFields.number(fields.get("maxclients")), InfoFields.number(fields.get("keyspace_hits")),
				InfoFields.number(fields.get("keyspace_misses")), InfoFields.number(fields.get("used_memory")));
	}

	/**
	 * Returns keyspace hits / (hits + misses), server-wide since the server started or its stats were reset.
	 * @return the hit rate between 0 and 1, or {@code null} before any lookup
	 */
	public @Nullable Double hitRate() {
		if (this.keyspaceHits == null || this.keyspaceMisses == null || this.keyspaceHits + this.keyspaceMisses == 0) {
			return null;
		}
		return (double) this.keyspaceHits / (this.keyspaceHits + this.keyspaceMisses);
	}

}
