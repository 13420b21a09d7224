package com.tradingboost.redis.nearcache;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.tradingboost.redis.nearcache.NearCacheTestApplication.Quotes;
import com.tradingboost.redis.testsupport.LocalRedisServer;
import com.tradingboost.redis.testsupport.RedisSentinelSet;
import com.tradingboost.redis.testsupport.RedisServerExtension;
import com.tradingboost.redis.testsupport.RedisServers;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.CacheManager;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(RedisServerExtension.class)
class NearCacheFailoverTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Test
	void aSentinelFailoverClearsL1AndTrackingFollowsTheNewMaster() {
		try (RedisSentinelSet sentinels = RedisServers.startSentinelSet();
				ConfigurableApplicationContext context = new SpringApplicationBuilder(NearCacheTestApplication.class)
					.web(WebApplicationType.NONE)
					.run("--tradingboost.redis.sentinel.master=" + sentinels.masterName(),
							"--tradingboost.redis.sentinel.nodes=" + String.join(",", sentinels.sentinelEndpoints()),
							"--spring.main.banner-mode=off", "--tradingboost.redis.near-cache.enabled=true",
							"--tradingboost.redis.near-cache.caches=prices",
							"--tradingboost.redis.near-cache.max-stale=1h")) {
			Quotes quotes = context.getBean(Quotes.class);
			NearCacheInvalidations invalidations = context.getBean(NearCacheInvalidations.class);
			NearCache prices = ((NearCacheManager) context.getBean(CacheManager.class)).getNearCache("prices");
			Awaitility.await().atMost(TIMEOUT).until(invalidations::isServing);
			String before = quotes.price("BTC");
			Awaitility.await().atMost(TIMEOUT).until(() -> {
				quotes.price("BTC");
				return prices.isLocallyCached("BTC");
			});
			LocalRedisServer master = sentinels.currentMaster();
			master.kill();
			LocalRedisServer promoted = sentinels.awaitFailover(master, TIMEOUT);
			promoted.execute("SET", "prices::BTC", "on-the-new-master");
			Awaitility.await().atMost(TIMEOUT).until(invalidations::isServing);
			assertThat(quotes.price("BTC")).isNotEqualTo(before).isEqualTo("on-the-new-master");
			Awaitility.await().atMost(TIMEOUT).until(() -> {
				quotes.price("BTC");
				return prices.isLocallyCached("BTC");
			});
			promoted.execute("SET", "prices::BTC", "changed-on-the-new-master");
			Awaitility.await().atMost(TIMEOUT).until(() -> !prices.isLocallyCached("BTC"));
			assertThat(quotes.price("BTC")).isEqualTo("changed-on-the-new-master");
		}
	}

}
