package com.tradingboost.redis.autoconfigure;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;
import com.tradingboost.redis.health.CircuitBreakerStateProvider;
import com.tradingboost.redis.health.NearCacheHealthIndicator;
import com.tradingboost.redis.health.RedisHealthContributors;
import com.tradingboost.redis.health.RedisHealthMonitor;
import com.tradingboost.redis.nearcache.NearCacheInvalidations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the background Redis health monitor and of the one {@code redis} health contributor that
 * replaces Spring Boot's, reading only the monitor's snapshot.
 */
@AutoConfiguration(after = TradingBoostRedisAutoConfiguration.class,
		beforeName = { "org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration",
				"org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration" })
@ConditionalOnBean(TradingBoostLettuceConnectionFactory.class)
public final class TradingBoostRedisHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RedisHealthMonitor redisHealthMonitor(TradingBoostLettuceConnectionFactory connectionFactory,
			TradingBoostRedisProperties properties, Environment environment,
			ObjectProvider<DataRedisConnectionDetails> connectionDetails) {
		RedisHealthMonitor monitor = new RedisHealthMonitor(connectionFactory, properties.getHealthCheckInterval(),
				properties.getHealth().getProbeTimeout(), Clock.systemUTC());
		monitor.setFailedCheckInterval(properties.getCircuitBreaker().getProbeInterval());
		monitor.setCredentialsHint(credentialsHint(environment, connectionDetails.getIfAvailable()));
		return monitor;
	}

	/** Names where the credentials come from, never their values. */
	static String credentialsHint(Environment environment, @Nullable DataRedisConnectionDetails connectionDetails) {
		if (connectionDetails != null && !(connectionDetails instanceof PropertiesRedisConnectionDetails)) {
			return "the credentials of the service connection (" + connectionDetails.getClass().getSimpleName() + ")";
		}
		RedisPropertyAliases aliases = (environment instanceof ConfigurableEnvironment configurable)
				? RedisPropertyAliases.find(configurable) : null;
		String hint = "tradingboost.redis.username and tradingboost.redis.password";
		if (aliases == null) {
			return hint;
		}
		List<String> sources = new ArrayList<>();
		String url = aliases.sourceOf("url");
		if (!url.equals("default")) {
			sources.add("url set by " + url);
		}
		for (String name : List.of("username", "password")) {
			String source = aliases.sourceOf(name);
			sources.add(name + (source.equals("default") ? " not set" : " set by " + source));
		}
		return hint + " (" + String.join(", ", sources) + ")";
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
	@ConditionalOnEnabledHealthIndicator("redis")
	static class RedisHealthContributorConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = { "redisHealthIndicator", "redisHealthContributor" })
		CompositeHealthContributor redisHealthContributor(RedisHealthMonitor monitor,
				TradingBoostLettuceConnectionFactory connectionFactory, TradingBoostRedisProperties properties,
				ObjectProvider<CircuitBreakerStateProvider> circuitBreaker,
				ObjectProvider<RedisNamedInstance> namedInstances, ObjectProvider<NearCacheInvalidations> nearCache) {
			CompositeHealthContributor primary = RedisHealthContributors.create(monitor, connectionFactory,
					circuitBreaker.getIfAvailable(), properties.getHealth().getLatencyThreshold(),
					properties.getPool().getMaxActive());
			NearCacheInvalidations invalidations = nearCache.getIfAvailable();
			if (invalidations != null) {
				Map<String, HealthContributor> withNearCache = new LinkedHashMap<>();
				primary.stream().forEach((entry) -> withNearCache.put(entry.name(), entry.contributor()));
				withNearCache.put("near-cache", new NearCacheHealthIndicator(invalidations::status));
				primary = CompositeHealthContributor.fromMap(withNearCache);
			}
			List<RedisNamedInstance> named = namedInstances.orderedStream().toList();
			if (named.isEmpty()) {
				return primary;
			}
			Map<String, HealthContributor> children = new LinkedHashMap<>();
			primary.stream().forEach((entry) -> children.put(entry.name(), entry.contributor()));
			for (RedisNamedInstance instance : named) {
				children.put(instance.getName(),
						RedisHealthContributors.create(instance.getMonitor(), instance.getConnectionFactory(),
								instance.getCircuitBreakerState(),
								instance.getProperties().getHealth().getLatencyThreshold(),
								instance.getProperties().getPool().getMaxActive()));
			}
			return CompositeHealthContributor.fromMap(children);
		}

	}

}
