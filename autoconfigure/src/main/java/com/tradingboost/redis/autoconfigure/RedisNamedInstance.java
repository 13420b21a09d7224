package com.tradingboost.redis.autoconfigure;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;
import com.tradingboost.redis.health.CircuitBreakerStateProvider;
import com.tradingboost.redis.health.RedisHealthMonitor;
import com.tradingboost.redis.metrics.RedisCommandMeters;
import com.tradingboost.redis.metrics.RedisMetrics;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.util.ClassUtils;

/**
 * One named instance ({@code tradingboost.redis.instances.<name>}): its connection factory, health monitor, circuit
 * breaker ({@code redis-<name>}) and meters (tag {@code instance=<name>}). The factory and the monitor are also beans
 * of their own, so the container runs their life cycle.
 */
final class RedisNamedInstance implements SmartInitializingSingleton {

	private static final boolean RESILIENCE4J_PRESENT = ClassUtils.isPresent(
			"io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry", RedisNamedInstance.class.getClassLoader());

	private static final boolean MICROMETER_PRESENT = ClassUtils
		.isPresent("io.micrometer.core.instrument.MeterRegistry", RedisNamedInstance.class.getClassLoader());

	private final String name;

	private final RedisInstanceProperties properties;

	private final TradingBoostLettuceConnectionFactory connectionFactory;

	private final RedisHealthMonitor monitor;

	private final @Nullable Object meterRegistry;

	private final @Nullable NamedInstanceBreaker breaker;

	RedisNamedInstance(String name, ConfigurableListableBeanFactory beanFactory) {
		TradingBoostRedisProperties all = beanFactory.getBean(TradingBoostRedisProperties.class);
		RedisInstanceProperties properties = all.getInstances().get(name);
		if (properties == null) {
			throw new IllegalStateException("No tradingboost.redis.instances." + name + ".* settings");
		}
		this.name = name;
		this.properties = properties;
		RedisConnectionFactoryBuilder builder = beanFactory.getBean(RedisConnectionFactoryBuilder.class);
		this.connectionFactory = builder.build(properties,
				new PropertiesRedisConnectionDetails(properties, beanFactory.getBeanProvider(SslBundles.class).getIfAvailable()),
				RedisConfigurationFactory.ConfigurationBeans.NONE);
		this.monitor = new RedisHealthMonitor(this.connectionFactory, properties.getHealthCheckInterval(),
				properties.getHealth().getProbeTimeout(), Clock.systemUTC());
		this.monitor.setFailedCheckInterval(properties.getCircuitBreaker().getProbeInterval());
		this.monitor.setCredentialsHint("tradingboost.redis.instances." + name + ".username and tradingboost.redis.instances."
				+ name + ".password");
		this.meterRegistry = (MICROMETER_PRESENT && all.getMetrics().isEnabled())
				? beanFactory.getBeanProvider(MeterRegistry.class).getIfAvailable() : null;
		this.breaker = (RESILIENCE4J_PRESENT && properties.getCircuitBreaker().isEnabled())
				? NamedInstanceBreaker.create(name, properties, all.getRetry(), beanFactory) : null;
		this.connectionFactory.setCommandTimeoutProperty("tradingboost.redis.instances." + name + ".command-timeout");
		this.connectionFactory.setCredentialsProperties("tradingboost.redis.instances." + name
				+ ".username and tradingboost.redis.instances." + name + ".password");
		if (this.meterRegistry != null) {
			this.connectionFactory.setCommandRecorder(new RedisCommandMeters((MeterRegistry) this.meterRegistry, name));
		}
		if (this.breaker != null) {
			this.connectionFactory.setCommandGate(this.breaker.gate());
		}
	}

	String getName() {
		return this.name;
	}

	RedisInstanceProperties getProperties() {
		return this.properties;
	}

	TradingBoostLettuceConnectionFactory getConnectionFactory() {
		return this.connectionFactory;
	}

	RedisHealthMonitor getMonitor() {
		return this.monitor;
	}

	@Nullable CircuitBreakerStateProvider getCircuitBreakerState() {
		return (this.breaker != null) ? this.breaker.state() : null;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.meterRegistry != null) {
			new RedisMetrics(this.connectionFactory, this.monitor, this.properties.getPool().getMaxActive(), this.name)
				.bindTo((MeterRegistry) this.meterRegistry);
		}
		if (this.breaker != null) {
			this.breaker.attachRecovery(this.monitor, this.properties.getCircuitBreaker().getProbeInterval());
		}
	}

}
