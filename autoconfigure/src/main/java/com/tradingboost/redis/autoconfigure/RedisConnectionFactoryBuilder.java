package com.tradingboost.redis.autoconfigure;

import io.lettuce.core.resource.ClientResources;

import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.boot.thread.Threading;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;

/**
 * Builds a {@link TradingBoostLettuceConnectionFactory} from one instance's settings and connection details, with
 * the application's Lettuce customizers, the way Spring Boot builds its own factory.
 */
final class RedisConnectionFactoryBuilder {

	private final ClientResources clientResources;

	private final ObjectProvider<LettuceClientConfigurationBuilderCustomizer> configurationCustomizers;

	private final ObjectProvider<LettuceClientOptionsBuilderCustomizer> optionsCustomizers;

	private final Environment environment;

	RedisConnectionFactoryBuilder(ClientResources clientResources,
			ObjectProvider<LettuceClientConfigurationBuilderCustomizer> configurationCustomizers,
			ObjectProvider<LettuceClientOptionsBuilderCustomizer> optionsCustomizers, Environment environment) {
		this.clientResources = clientResources;
		this.configurationCustomizers = configurationCustomizers;
		this.optionsCustomizers = optionsCustomizers;
		this.environment = environment;
	}

	TradingBoostLettuceConnectionFactory build(RedisInstanceProperties properties,
			DataRedisConnectionDetails connectionDetails, RedisConfigurationFactory.ConfigurationBeans beans) {
		refuseJedis(this.environment);
		RedisConfiguration configuration = RedisConfigurationFactory.create(connectionDetails, beans,
				properties.getCluster().getMaxRedirects());
		LettuceClientConfiguration clientConfiguration = new LettuceClientConfigurationFactory(properties,
				connectionDetails.getSslBundle(), configuration instanceof RedisClusterConfiguration)
			.create(this.clientResources, this.configurationCustomizers, this.optionsCustomizers);
		TradingBoostLettuceConnectionFactory factory = TradingBoostLettuceConnectionFactory.of(configuration,
				clientConfiguration, properties.getShutdownTimeout());
		factory.setShareNativeConnection(properties.isShareNativeConnection());
		// Two reconnect attempts at the longest delay: a dropped connection comes back within it.
		factory.setReconnectGrace(properties.getLettuce().getReconnectDelay().getMax().multipliedBy(2));
		if (Threading.VIRTUAL.isActive(this.environment)) {
			SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("redis-");
			executor.setVirtualThreads(true);
			factory.setExecutor(executor);
		}
		return factory;
	}

	private static void refuseJedis(Environment environment) {
		String clientType = environment.getProperty("spring.data.redis.client-type");
		if (clientType != null && !clientType.trim().equalsIgnoreCase("lettuce")) {
			throw new InvalidConfigurationPropertyValueException("spring.data.redis.client-type", clientType,
					"The TradingBoost Redis starter is built on Lettuce: remove the property or set it to 'lettuce'"
							+ " (to use Jedis, remove the starter).");
		}
	}

}
