package com.tradingboost.redis.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.GenericJacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * Auto-configuration of a {@code RedisTemplate<String, Object>} with String keys and JSON values, the template most Redis tutorials use,
 * built on the application's {@link JsonMapper} where it has one. Values keep their type in the JSON, for classes in
 * the application's packages, {@code java.*} and {@code tradingboost.redis.json.trusted-packages} only.
 */
@AutoConfiguration(after = { TradingBoostRedisAutoConfiguration.class, DataRedisAutoConfiguration.class },
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass({ JsonMapper.class, GenericJacksonJsonRedisSerializer.class })
@ConditionalOnMissingBean(name = "jsonRedisTemplate")
@EnableConfigurationProperties(TradingBoostRedisProperties.class)
public final class TradingBoostRedisJsonTemplateAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnSingleCandidate(RedisConnectionFactory.class)
	RedisTemplate<String, Object> jsonRedisTemplate(RedisConnectionFactory connectionFactory,
			ObjectProvider<JsonMapper> jsonMapper, TradingBoostRedisProperties properties, BeanFactory beanFactory) {
		JsonMapper mapper = jsonMapper.getIfAvailable(JsonMapper::new);
		GenericJacksonJsonRedisSerializer values = GenericJacksonJsonRedisSerializer.builder(mapper::rebuild)
			.enableDefaultTyping(trustedTypes(properties, beanFactory))
			.build();
		RedisTemplate<String, Object> template = new RedisTemplate<>();
		template.setConnectionFactory(connectionFactory);
		template.setKeySerializer(RedisSerializer.string());
		template.setHashKeySerializer(RedisSerializer.string());
		template.setValueSerializer(values);
		template.setHashValueSerializer(values);
		return template;
	}

	private static BasicPolymorphicTypeValidator trustedTypes(TradingBoostRedisProperties properties,
			BeanFactory beanFactory) {
		List<String> packages = new ArrayList<>(List.of("java.lang.", "java.util.", "java.time.", "java.math."));
		if (AutoConfigurationPackages.has(beanFactory)) {
			AutoConfigurationPackages.get(beanFactory).forEach((name) -> packages.add(name + "."));
		}
		properties.getJson().getTrustedPackages().forEach((name) -> packages.add(name.endsWith(".") ? name : name + "."));
		BasicPolymorphicTypeValidator.Builder builder = BasicPolymorphicTypeValidator.builder().allowIfSubTypeIsArray();
		packages.forEach(builder::allowIfSubType);
		return builder.build();
	}

}
