package com.tradingboost.redis.health;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a sentinel said about the monitored master, its replicas and the other sentinels; these facts never make
 * Redis DOWN, since the PING of the master decides.
 *
 * @param masterName the name the sentinels monitor the master under
 * @param master the address of the current master, as the sentinel names it
 * @param masterFlags the sentinel's flags for the master, e.g. {@code master} or {@code s_down,master}
 * @param replicas the replicas of the master
 * @param quorum how many sentinels must agree that the master is down
 * @param sentinelsKnown sentinels monitoring the master, the one that answered included
 * @param sentinelsDown addresses of the sentinels the answering one flags as down or disconnected
 * @param unavailable why no sentinel could be asked; the other fields but the master name are then empty
 */
public record RedisSentinelFacts(String masterName, @Nullable String master, @Nullable String masterFlags,
		List<Replica> replicas, @Nullable Long quorum, @Nullable Long sentinelsKnown, List<String> sentinelsDown,
		@Nullable String unavailable) {

	/**
	 * A replica of the master, as the sentinel sees it.
	 *
	 * @param address its address as {@code host:port}
	 * @param flags the sentinel's flags for it, e.g. {@code slave} or {@code s_down,slave}
	 */
	public record Replica(String address, @Nullable String flags) {

	}

	static RedisSentinelFacts unavailable(String masterName, String reason) {
		return new RedisSentinelFacts(masterName, null, null, List.of(), null, null, List.of(), reason);
	}

	/**
	 * Reads the facts from the replies to {@code SENTINEL MASTER}, {@code SENTINEL REPLICAS} and
	 * {@code SENTINEL SENTINELS}.
	 * @param masterName the master name
	 * @param master the fields of the master
	 * @param replicas the fields of each replica
	 * @param sentinels the fields of each other sentinel
	 * @return the facts
	 */
	static RedisSentinelFacts of(String masterName, Map<String, String> master, List<Map<String, String>> replicas,
			List<Map<String, String>> sentinels) {
		Long otherSentinels = InfoFields.number(master.get("num-other-sentinels"));
		return new RedisSentinelFacts(masterName, address(master), master.get("flags"),
				replicas.stream().map((replica) -> new Replica(address(replica), replica.get("flags"))).toList(),
				InfoFields.number(master.get("quorum")), (otherSentinels != null) ? otherSentinels + 1 : null,
				sentinels.stream().filter(RedisSentinelFacts::isDown).map(RedisSentinelFacts::address).toList(), null);
	}

	private static boolean isDown(Map<String, String> node) {
		String flags = node.getOrDefault("flags", "");
		return flags.contains("s_down") || flags.contains("o_down") || flags.contains("disconnected");
	}

	private static String address(Map<String, String> node) {
		String host = node.getOrDefault("ip", "?");
		return (host.contains(":") ? "[" + host + "]" : host) + ":" + node.getOrDefault("port", "?");
	}

}
