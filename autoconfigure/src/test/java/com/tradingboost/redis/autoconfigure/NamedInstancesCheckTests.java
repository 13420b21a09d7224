package com.tradingboost.redis.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Named instances are decided with the bean definitions: one configured later, as in an AOT-processed application
 * whose instance appears only at run time, is named in a warning instead of being silently absent.
 */
@ExtendWith(OutputCaptureExtension.class)
class NamedInstancesCheckTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TradingBoostRedisAutoConfiguration.class,
				DataRedisAutoConfiguration.class, TradingBoostRedisInstancesAutoConfiguration.class));

	@Test
	void anInstanceConfiguredAfterTheBeanDefinitionsWereMadeIsNamed(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(InstanceAddedLate.class)
			.run((context) -> assertThat(output)
				.contains("No Redis instance was created for tradingboost.redis.instances.[orders]"));
	}

	@Test
	void instancesKnownAtStartAreCreatedAndNotReported(CapturedOutput output) {
		this.contextRunner.withPropertyValues("tradingboost.redis.instances.orders.port=6390").run((context) -> {
			assertThat(context).hasBean("ordersRedisConnectionFactory");
			assertThat(output).doesNotContain("No Redis instance was created");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class InstanceAddedLate {

		@Bean
		static BeanFactoryPostProcessor addInstanceLate(ConfigurableEnvironment environment) {
			return (beanFactory) -> environment.getPropertySources()
				.addFirst(new MapPropertySource("late", Map.of("tradingboost.redis.instances.orders.port", "6390")));
		}

	}

}
