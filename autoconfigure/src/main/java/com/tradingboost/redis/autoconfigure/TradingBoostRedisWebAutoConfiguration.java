package com.tradingboost.redis.autoconfigure;

import com.tradingboost.redis.web.RedisUnavailableHandlerExceptionResolver;
import com.tradingboost.redis.web.RedisUnavailableResponses;
import com.tradingboost.redis.web.RedisUnavailableWebExceptionHandler;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Auto-configuration of the 503 answer to Spring MVC and WebFlux requests that fail because Redis is unavailable.
 */
@AutoConfiguration(after = TradingBoostRedisAutoConfiguration.class,
		beforeName = "org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration")
@ConditionalOnClass(RedisConnectionFactory.class)
@ConditionalOnProperty(prefix = "tradingboost.redis.web", name = "unavailable-response", matchIfMissing = true)
@EnableConfigurationProperties(TradingBoostRedisProperties.class)
public final class TradingBoostRedisWebAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnWebApplication
	RedisUnavailableResponses redisUnavailableResponses(TradingBoostRedisProperties properties) {
		return new RedisUnavailableResponses(properties.getWeb().getRetryAfter(), properties.getWeb().getWarnInterval());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(name = "org.springframework.web.servlet.HandlerExceptionResolver")
	static class ServletConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RedisUnavailableHandlerExceptionResolver redisUnavailableHandlerExceptionResolver(
				RedisUnavailableResponses responses) {
			return new RedisUnavailableHandlerExceptionResolver(responses);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass(name = "org.springframework.web.server.WebExceptionHandler")
	static class ReactiveConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RedisUnavailableWebExceptionHandler redisUnavailableWebExceptionHandler(RedisUnavailableResponses responses) {
			return new RedisUnavailableWebExceptionHandler(responses);
		}

	}

}
