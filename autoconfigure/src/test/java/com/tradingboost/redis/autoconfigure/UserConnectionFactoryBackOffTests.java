package com.tradingboost.redis.autoconfigure;

import org.junit.jupiter.api.Test;

import com.tradingboost.redis.connection.RedisCommandGate;
import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;
import com.tradingboost.redis.health.RedisHealthMonitor;
import com.tradingboost.redis.metrics.RedisMetrics;
import com.tradingboost.redis.ops.RedisBatches;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that defines its own {@link RedisConnectionFactory} starts with every auto-configuration on the
 * class path loaded, as an application loads them, and the starter stays off its command path.
 */
class UserConnectionFactoryBackOffTests {

	@Test
	void backsOffFromAUserLettuceFactory() {
		try (ConfigurableApplicationContext context = run(UserLettuceFactoryApplication.class)) {
			assertBackedOff(context);
		}
	}

	@Test
	void backsOffFromAUserJedisFactory() {
		try (ConfigurableApplicationContext context = run(UserJedisFactoryApplication.class)) {
			assertBackedOff(context);
			assertThat(context.getBean(RedisConnectionFactory.class)).isInstanceOf(JedisConnectionFactory.class);
		}
	}

	private static void assertBackedOff(ConfigurableApplicationContext context) {
		RedisConnectionFactory factory = context.getBean(RedisConnectionFactory.class);
		assertThat(factory).isNotInstanceOf(TradingBoostLettuceConnectionFactory.class);
		assertThat(context.getBean(StringRedisTemplate.class).getConnectionFactory()).isSameAs(factory);
		assertThat(context.getBeansOfType(TradingBoostLettuceConnectionFactory.class)).isEmpty();
		assertThat(context.getBeansOfType(RedisCommandGate.class)).isEmpty();
		assertThat(context.getBeansOfType(RedisHealthMonitor.class)).isEmpty();
		assertThat(context.getBeansOfType(RedisMetrics.class)).isEmpty();
		assertThat(context.getBeansOfType(RedisBatches.class)).isEmpty();
		assertThat(context.containsBean("redisHealthContributor")).as("Spring Boot's own Redis health").isTrue();
	}

	private static ConfigurableApplicationContext run(Class<?> application) {
		SpringApplication springApplication = new SpringApplication(application);
		springApplication.setWebApplicationType(WebApplicationType.NONE);
		return springApplication.run("--tradingboost.redis.port=1", "--spring.data.redis.port=1");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class UserLettuceFactoryApplication {

		@Bean
		LettuceConnectionFactory userConnectionFactory() {
			return new LettuceConnectionFactory("localhost", 1);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class UserJedisFactoryApplication {

		@Bean
		JedisConnectionFactory userConnectionFactory() {
			return new JedisConnectionFactory();
		}

	}

}
