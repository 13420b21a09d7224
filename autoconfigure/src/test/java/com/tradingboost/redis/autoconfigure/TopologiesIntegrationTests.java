package com.tradingboost.redis.autoconfigure;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;
import com.tradingboost.redis.testsupport.DedicatedRedisServer;
import com.tradingboost.redis.testsupport.LocalRedisServer;
import com.tradingboost.redis.testsupport.RedisClusterServers;
import com.tradingboost.redis.testsupport.RedisSentinelSet;
import com.tradingboost.redis.testsupport.RedisServer;
import com.tradingboost.redis.testsupport.RedisServerExtension;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole applications (every auto-configuration on the class path) against the fixture's real Sentinel set, cluster
 * and standalone servers.
 */
@ExtendWith(RedisServerExtension.class)
class TopologiesIntegrationTests {

	@Test
	void sentinelFromSpringDataRedisProperties(RedisSentinelSet sentinels) {
		try (ConfigurableApplicationContext context = run("--spring.data.redis.sentinel.master=" + sentinels.masterName(),
				"--spring.data.redis.sentinel.nodes=" + String.join(",", sentinels.sentinelEndpoints()))) {
			TradingBoostLettuceConnectionFactory factory = context.getBean(TradingBoostLettuceConnectionFactory.class);
			assertThat(factory.getSentinelConfiguration()).isNotNull();
			context.getBean(StringRedisTemplate.class).opsForValue().set("topology:sentinel", "written");
			LocalRedisServer master = sentinels.currentMaster();
			assertThat(master.execute("GET", "topology:sentinel")).isEqualTo("written");
		}
	}

	@Test
	void clusterFromTradingBoostPropertiesSpreadsKeysOverEveryMaster(RedisClusterServers cluster) {
		try (ConfigurableApplicationContext context = run(
				"--tradingboost.redis.cluster.nodes=" + String.join(",", cluster.seedEndpoints()))) {
			StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
			List<String> keys = IntStream.range(0, 60).mapToObj((i) -> "topology:cluster:" + i).toList();
			keys.forEach((key) -> redis.opsForValue().set(key, key));
			Set<LocalRedisServer> owners = new HashSet<>();
			for (String key : keys) {
				assertThat(redis.opsForValue().get(key)).isEqualTo(key);
				LocalRedisServer owner = cluster.masterForKey(key);
				assertThat(owner.execute("GET", key)).isEqualTo(key);
				owners.add(owner);
			}
			assertThat(owners).hasSize(3);
		}
	}

	@Test
	void namedInstancesHaveTheirOwnFactoryTemplateBreakerHealthAndMeters(RedisServer primary,
			@DedicatedRedisServer RedisServer market) {
		try (ConfigurableApplicationContext context = run(
				"--tradingboost.redis.host=" + primary.host(), "--tradingboost.redis.port=" + primary.port(),
				"--tradingboost.redis.instances.market.host=" + market.host(),
				"--tradingboost.redis.instances.market.port=" + market.port(),
				"--tradingboost.redis.instances.market.command-timeout=100ms",
				"--tradingboost.redis.instances.market.circuit-breaker.failure-threshold=2")) {
			Consumer consumer = context.getBean(Consumer.class);
			assertThat(consumer.market).isNotSameAs(consumer.primary);
			consumer.market.opsForValue().set("instances:market", "tick");
			consumer.primary.opsForValue().set("instances:primary", "order");
			assertThat(market.execute("GET", "instances:market")).isEqualTo("tick");
			assertThat(market.execute("EXISTS", "instances:primary")).hasToString("0");
			assertThat(primary.execute("GET", "instances:primary")).isEqualTo("order");
			assertThat(context.getBean(StringRedisTemplate.class)).isSameAs(consumer.primary);
			assertThat(context.getBean(RedisConnectionFactory.class)).isSameAs(consumer.primary.getConnectionFactory());
			TradingBoostLettuceConnectionFactory marketFactory = (TradingBoostLettuceConnectionFactory) consumer.market
				.getConnectionFactory();
			assertThat(marketFactory.getClientConfiguration().getCommandTimeout().toMillis()).isEqualTo(100);
			assertThat(context.getBean(CircuitBreakerRegistry.class).find("redis-market")).hasValueSatisfying(
					(breaker) -> assertThat(breaker.getCircuitBreakerConfig().getMinimumNumberOfCalls()).isEqualTo(2));
			CompositeHealthContributor health = context.getBean("redisHealthContributor",
					CompositeHealthContributor.class);
			assertThat(health.getContributor("market")).isInstanceOf(CompositeHealthContributor.class);
			assertThat(health.getContributor("server")).isNotNull();
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.find("tradingboost.redis.command").tag("instance", "market").timers()).isNotEmpty();
			assertThat(meters.find("tradingboost.redis.command").tag("instance", "primary").timers()).isNotEmpty();
		}
	}

	private static ConfigurableApplicationContext run(String... args) {
		SpringApplication application = new SpringApplication(TopologiesApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application.run(args);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TopologiesApplication {

		@Bean
		Consumer consumer(StringRedisTemplate primary,
				@Qualifier("market") ObjectProvider<StringRedisTemplate> market) {
			return new Consumer(primary, market.getIfAvailable());
		}

	}

	record Consumer(StringRedisTemplate primary, @Nullable StringRedisTemplate market) {
	}

}
