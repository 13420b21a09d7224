package com.tradingboost.redis.autoconfigure;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Adds {@link RedisPropertyAliases}, below every other property source, so that {@code spring.data.redis.*}
 * properties and the {@code REDIS_*} environment variables configure the shared factory unless a
 * {@code tradingboost.redis.*} property says otherwise.
 */
public final class RedisPropertyAliasesEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	private final Log logger;

	/**
	 * Creates the post-processor.
	 * @param logFactory the factory of the log that reports an ignored service link
	 */
	public RedisPropertyAliasesEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(RedisPropertyAliasesEnvironmentPostProcessor.class);
	}

	@Override
	public int getOrder() {
		// Before post-processors that read the connection settings, such as the sample's local Redis launcher.
		return Ordered.LOWEST_PRECEDENCE - 10;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		RedisPropertyAliases.install(environment);
		PropertySource<?> variables = environment.getPropertySources()
			.get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		Object port = (variables != null) ? variables.getProperty("REDIS_PORT") : null;
		if (RedisPropertyAliases.isServiceLink(port)) {
			this.logger.info("Ignoring REDIS_PORT=" + port + ": it is a Kubernetes service link, not a port (set"
					+ " tradingboost.redis.host/port, or REDIS_HOST/REDIS_PORT in the pod spec)");
		}
	}

}
