package com.tradingboost.redis.autoconfigure;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.lettuce.core.RedisClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;
import com.tradingboost.redis.health.RedisHealthMonitor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.RuntimeBeanReference;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Auto-configuration of the named instances ({@code tradingboost.redis.instances.<name>.*}): per instance a connection
 * factory and a {@link StringRedisTemplate}, injectable with {@code @Qualifier("<name>")} but never chosen for a plain
 * injection by type, so the primary factory and Spring Boot's templates stay as they are.
 */
@AutoConfiguration(after = { TradingBoostRedisAutoConfiguration.class, DataRedisAutoConfiguration.class,
		TradingBoostRedisResilienceAutoConfiguration.class, TradingBoostRedisMetricsAutoConfiguration.class,
		TradingBoostRedisHealthAutoConfiguration.class, TradingBoostRedisCacheAutoConfiguration.class,
		TradingBoostRedisPatternsAutoConfiguration.class })
@ConditionalOnClass({ RedisClient.class, StringRedisTemplate.class })
@EnableConfigurationProperties(TradingBoostRedisProperties.class)
@Import(TradingBoostRedisInstancesAutoConfiguration.Registrar.class)
public final class TradingBoostRedisInstancesAutoConfiguration {

	static final String INSTANCES = "tradingboost.redis.instances";

	private static final Log logger = LogFactory.getLog(TradingBoostRedisInstancesAutoConfiguration.class);

	@Bean
	SmartInitializingSingleton tradingBoostRedisInstancesCheck(TradingBoostRedisProperties properties,
			ObjectProvider<RedisNamedInstance> instances) {
		return () -> {
			Set<String> created = instances.stream().map(RedisNamedInstance::getName).collect(Collectors.toSet());
			Set<String> configured = new LinkedHashSet<>(properties.getInstances().keySet());
			configured.removeAll(created);
			if (!configured.isEmpty()) {
				// With AOT, the instances are decided when the application is built, like every bean definition.
				logger.warn("No Redis instance was created for tradingboost.redis.instances." + configured
						+ ": instances set only at run time are ignored by an AOT-processed application;"
						+ " set them when running process-aot");
			}
		};
	}

	static class Registrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

		private Set<String> names = Set.of();

		@Override
		public void setEnvironment(Environment environment) {
			if (environment instanceof ConfigurableEnvironment configurable) {
				RedisPropertyAliases.install(configurable);
			}
			// Names only: the values are bound, and validated, with TradingBoostRedisProperties.
			this.names = Binder.get(environment)
				.bind(INSTANCES, Bindable.mapOf(String.class, Object.class))
				.map(Map::keySet)
				.orElse(Set.of())
				.stream()
				.map((key) -> key.split("\\.")[0])
				.collect(Collectors.toCollection(LinkedHashSet::new));
		}

		@Override
		public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
			// Plain constructor and factory-method definitions rather than suppliers, so AOT processing can write them.
			for (String name : this.names) {
				String instance = name + "RedisInstance";
				RootBeanDefinition holder = new RootBeanDefinition(RedisNamedInstance.class);
				holder.getConstructorArgumentValues().addIndexedArgumentValue(0, name);
				holder.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
				registry.registerBeanDefinition(instance, holder);
				String factory = name + "RedisConnectionFactory";
				registerFromInstance(registry, name, factory, TradingBoostLettuceConnectionFactory.class, instance,
						"getConnectionFactory");
				registerFromInstance(registry, name, name + "RedisHealthMonitor", RedisHealthMonitor.class, instance,
						"getMonitor");
				RootBeanDefinition template = new RootBeanDefinition(StringRedisTemplate.class);
				template.getConstructorArgumentValues().addIndexedArgumentValue(0, new RuntimeBeanReference(factory));
				qualify(template, name);
				registry.registerBeanDefinition(name + "StringRedisTemplate", template);
			}
		}

		private static void registerFromInstance(BeanDefinitionRegistry registry, String name, String beanName,
				Class<?> type, String instance, String method) {
			RootBeanDefinition definition = new RootBeanDefinition(type);
			definition.setFactoryBeanName(instance);
			definition.setFactoryMethodName(method);
			qualify(definition, name);
			registry.registerBeanDefinition(beanName, definition);
		}

		private static void qualify(RootBeanDefinition definition, String name) {
			definition.setDefaultCandidate(false);
			definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
		}
	}

}
