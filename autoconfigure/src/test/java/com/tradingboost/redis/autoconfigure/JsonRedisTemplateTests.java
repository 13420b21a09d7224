package com.tradingboost.redis.autoconfigure;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.tradingboost.redis.jsontest.OutsideTheApplication;
import com.tradingboost.redis.testsupport.RedisServer;
import com.tradingboost.redis.testsupport.RedisServerExtension;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.SerializationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code RedisTemplate<String, Object>} the starter adds: JSON values that come back as the type written.
 */
@ExtendWith(RedisServerExtension.class)
class JsonRedisTemplateTests {

	private final ApplicationContextRunner contextRunner;

	JsonRedisTemplateTests(RedisServer server) {
		this.contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
					TradingBoostRedisAutoConfiguration.class, DataRedisAutoConfiguration.class,
					TradingBoostRedisJsonTemplateAutoConfiguration.class))
			.withPropertyValues(RedisTestProperties.of(server, RedisTestProperties.uniqueClientName()));
	}

	@Test
	void recordsInTheApplicationsPackagesRoundTripAsThemselves() {
		this.contextRunner.withUserConfiguration(ApplicationPackage.class).run((context) -> {
			RedisTemplate<String, Object> redis = context.getBean("jsonRedisTemplate", RedisTemplate.class);
			Quote quote = new Quote("BTC", new BigDecimal("97000.50"), Instant.parse("2026-12-02T10:15:30Z"),
					List.of("binance", "kraken"));
			redis.opsForValue().set("json:quote", quote);
			assertThat(redis.opsForValue().get("json:quote")).isEqualTo(quote);
			assertThat(redis.opsForValue().get("json:missing")).isNull();
			assertThat(context.getBean(RedisConnectionFactory.class)).isSameAs(redis.getConnectionFactory());
		});
	}

	@Test
	void isTheBeanAPlainRedisTemplateOfStringAndObjectInjects() {
		this.contextRunner.run((context) -> assertThat(context.getBeanProvider(
				ResolvableType.forClassWithGenerics(RedisTemplate.class, String.class, Object.class))
			.getObject()).isSameAs(context.getBean("jsonRedisTemplate")));
	}

	@Test
	void typesOutsideTheTrustedPackagesAreNotReadBack() {
		this.contextRunner.withUserConfiguration(ApplicationPackage.class).run((context) -> {
			RedisTemplate<String, Object> redis = context.getBean("jsonRedisTemplate", RedisTemplate.class);
			redis.opsForValue().set("json:untrusted", new OutsideTheApplication("x"));
			assertThatExceptionOfType(SerializationException.class)
				.isThrownBy(() -> redis.opsForValue().get("json:untrusted"));
		});
		this.contextRunner.withUserConfiguration(ApplicationPackage.class)
			.withPropertyValues("tradingboost.redis.json.trusted-packages=com.tradingboost.redis.jsontest")
			.run((context) -> {
				RedisTemplate<String, Object> redis = context.getBean("jsonRedisTemplate", RedisTemplate.class);
				redis.opsForValue().set("json:trusted", new OutsideTheApplication("x"));
				assertThat(redis.opsForValue().get("json:trusted")).isEqualTo(new OutsideTheApplication("x"));
			});
	}

	@Test
	void anApplicationsOwnTemplateWinsByTypeOrByName() {
		this.contextRunner.withUserConfiguration(OwnTemplateOfTheSameType.class)
			.run((context) -> assertThat(context.getBean(
					context.getBeanNamesForType(ResolvableType.forClassWithGenerics(RedisTemplate.class, String.class,
							Object.class))[0])).isSameAs(context.getBean("myTemplate")));
		this.contextRunner.withUserConfiguration(OwnTemplateOfTheSameType.class)
			.run((context) -> assertThat(context).doesNotHaveBean("jsonRedisTemplate"));
		this.contextRunner.withUserConfiguration(OwnBeanNamedJsonRedisTemplate.class)
			.run((context) -> assertThat(context.getBean("jsonRedisTemplate")).isEqualTo("mine"));
	}

	record Quote(String symbol, BigDecimal price, Instant at, List<String> venues) {
	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage
	static class ApplicationPackage {

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnTemplateOfTheSameType {

		@Bean
		RedisTemplate<String, Object> myTemplate(RedisConnectionFactory factory) {
			RedisTemplate<String, Object> template = new RedisTemplate<>();
			template.setConnectionFactory(factory);
			return template;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBeanNamedJsonRedisTemplate {

		@Bean
		String jsonRedisTemplate() {
			return "mine";
		}

	}

}
