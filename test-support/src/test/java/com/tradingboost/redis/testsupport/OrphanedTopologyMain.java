package com.tradingboost.redis.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Starts a sentinel set without closing it, prints the pids of its five processes, then waits to be killed. */
public final class OrphanedTopologyMain {

	private OrphanedTopologyMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		RedisSentinelSet set = RedisServers.startSentinelSet();
		List<LocalRedisServer> members = new ArrayList<>(List.of(set.master(), set.replica()));
		members.addAll(set.sentinels());
		System.out.println("pids=" + members.stream()
				.map(member -> Long.toString(member.pid().orElseThrow()))
				.collect(Collectors.joining(",")));
		System.out.flush();
		Thread.sleep(60_000);
	}
}
