package com.tradingboost.redis.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.jspecify.annotations.Nullable;

import com.tradingboost.redis.connection.RedisCommandGate;
import com.tradingboost.redis.connection.RedisCommandRecorder;
import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;
import com.tradingboost.redis.ops.RedisSafeCalls;
import com.tradingboost.redis.ops.RedisTtlPresets;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.RedisStaticMasterReplicaConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Auto-configuration of the one shared {@link LettuceConnectionFactory} configured under {@code tradingboost.redis.*};
 * Spring Boot's own Redis auto-configuration backs off its factory and binds its templates to this one.
 */
@AutoConfiguration(before = DataRedisAutoConfiguration.class)
@ConditionalOnClass({ RedisClient.class, LettuceConnectionFactory.class, GenericObjectPool.class })
@EnableConfigurationProperties(TradingBoostRedisProperties.class)
public final class TradingBoostRedisAutoConfiguration {

	private static final Log logger = LogFactory.getLog(TradingBoostRedisAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean(DataRedisConnectionDetails.class)
	PropertiesRedisConnectionDetails tradingBoostRedisConnectionDetails(TradingBoostRedisProperties properties,
			ObjectProvider<SslBundles> sslBundles) {
		return new PropertiesRedisConnectionDetails(properties, sslBundles.getIfAvailable());
	}

	@Bean(destroyMethod = "shutdown")
	@ConditionalOnMissingBean(ClientResources.class)
	DefaultClientResources lettuceClientResources(TradingBoostRedisProperties properties,
			ObjectProvider<ClientResourcesBuilderCustomizer> customizers) {
		RedisInstanceProperties.ReconnectDelay delay = properties.getLettuce().getReconnectDelay();
		DefaultClientResources.Builder builder = DefaultClientResources.builder()
			.reconnectDelay(() -> Delay.exponential(delay.getMin(), delay.getMax(), 2, TimeUnit.MILLISECONDS));
		if (properties.getLettuce().isConsolidateFlushes()) {
			builder.nettyCustomizer(new FlushConsolidation());
		}
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	@Bean
	RedisConnectionFactoryBuilder tradingBoostRedisConnectionFactoryBuilder(ClientResources clientResources,
			ObjectProvider<LettuceClientConfigurationBuilderCustomizer> configurationCustomizers,
			ObjectProvider<LettuceClientOptionsBuilderCustomizer> optionsCustomizers, Environment environment) {
		return new RedisConnectionFactoryBuilder(clientResources, configurationCustomizers, optionsCustomizers,
				environment);
	}

	@Bean
	@ConditionalOnMissingBean(RedisConnectionFactory.class)
	TradingBoostLettuceConnectionFactory redisConnectionFactory(TradingBoostRedisProperties properties,
			DataRedisConnectionDetails connectionDetails, RedisConnectionFactoryBuilder builder,
			ObjectProvider<RedisStandaloneConfiguration> standalone, ObjectProvider<RedisSentinelConfiguration> sentinel,
			ObjectProvider<RedisClusterConfiguration> cluster,
			ObjectProvider<RedisStaticMasterReplicaConfiguration> masterReplica,
			ObjectProvider<RedisCommandGate> commandGate, ObjectProvider<RedisCommandRecorder> commandRecorders,
			ConfigurableEnvironment environment) {
		RedisConfigurationFactory.ConfigurationBeans beans = new RedisConfigurationFactory.ConfigurationBeans(
				standalone.getIfAvailable(), sentinel.getIfAvailable(), cluster.getIfAvailable(),
				masterReplica.getIfAvailable());
		TradingBoostLettuceConnectionFactory factory = builder.build(properties, connectionDetails, beans);
		RedisCommandGate gate = commandGate.getIfUnique();
		if (gate != null) {
			factory.setCommandGate(gate);
		}
		List<RedisCommandRecorder> recorders = commandRecorders.orderedStream().toList();
		if (!recorders.isEmpty()) {
			factory.setCommandRecorder((recorders.size() == 1) ? recorders.get(0) : (command, nanos, failure) -> {
				for (RedisCommandRecorder recorder : recorders) {
					recorder.record(command, nanos, failure);
				}
			});
		}
		RedisPropertyAliases aliases = RedisPropertyAliases.find(environment);
		List<String> overridden = (aliases != null) ? aliases.overriddenSpringDataRedisProperties() : List.of();
		if (!overridden.isEmpty()) {
			logger.info("Not applied, overridden by the starter's namespace: " + String.join(", ", overridden));
		}
		if (hasAny(environment, "spring.data.redis.jedis")) {
			logger.warn("spring.data.redis.jedis.* does not apply: the starter is built on Lettuce; set the pool with"
					+ " tradingboost.redis.pool.* or spring.data.redis.lettuce.pool.*");
		}
		logger.info("Shared Redis connection factory: " + describe(connectionDetails, beans, properties, aliases)
				+ ", pool max-active="
				+ (properties.getPool().isEnabled() ? properties.getPool().getMaxActive() : "no pool")
				+ ", share-native-connection=" + properties.isShareNativeConnection() + ", disconnected-behavior="
				+ properties.getLettuce().getDisconnectedBehavior() + ", command gate=" + ((gate != null) ? gate.getClass().getSimpleName() : "none") + ", command meters="
				+ (recorders.isEmpty() ? "none" : recorders.stream().map((each) -> each.getClass().getSimpleName()).toList()));
		return factory;
	}

	@Bean
	UnknownPropertiesWarning tradingBoostRedisUnknownPropertiesWarning(ConfigurableEnvironment environment) {
		return new UnknownPropertiesWarning(environment);
	}

	@Bean
	@ConditionalOnMissingBean
	RedisTtlPresets redisTtlPresets(TradingBoostRedisProperties properties) {
		TradingBoostRedisProperties.Ttl ttl = properties.getTtl();
		return new RedisTtlPresets(ttl.getUserData(), ttl.getUserSession(), ttl.getUserSettings(), ttl.getPriceData(),
				ttl.getOrderData(), ttl.getPositionData(), ttl.getCacheShort(), ttl.getCacheMedium(), ttl.getCacheLong(),
				ttl.getTempData(), ttl.getLockData());
	}

	@Bean
	@ConditionalOnMissingBean
	RedisSafeCalls redisSafeCalls(TradingBoostRedisProperties properties) {
		return new RedisSafeCalls(properties.getCache().getWarnInterval());
	}

	private static boolean hasAny(ConfigurableEnvironment environment, String prefix) {
		ConfigurationPropertyName name = ConfigurationPropertyName.of(prefix);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source.containsDescendantOf(name) == ConfigurationPropertyState.PRESENT) {
				return true;
			}
		}
		return false;
	}

	private static String describe(DataRedisConnectionDetails details,
			RedisConfigurationFactory.ConfigurationBeans beans, TradingBoostRedisProperties properties,
			@Nullable RedisPropertyAliases aliases) {
		if (beans.standalone() != null || beans.sentinel() != null || beans.cluster() != null
				|| beans.masterReplica() != null) {
			return "from the application's Redis*Configuration bean";
		}
		if (!(details instanceof PropertiesRedisConnectionDetails fromProperties)) {
			return "from the service connection " + details.getClass().getSimpleName();
		}
		if (aliases == null) {
			return fromProperties.describe() + " (from tradingboost.redis.*)";
		}
		List<String> sources = new ArrayList<>();
		if (properties.getSentinel().getMaster() != null) {
			sources.add("sentinel from " + aliases.sourceOf("sentinel.master"));
		}
		else if (!properties.getCluster().getNodes().isEmpty()) {
			sources.add("cluster nodes from " + aliases.sourceOf("cluster.nodes"));
		}
		else if (!properties.getMasterReplica().getNodes().isEmpty()) {
			sources.add("master/replica nodes from " + aliases.sourceOf("master-replica.nodes"));
		}
		if (properties.hasUrl()) {
			sources.add("url from " + aliases.sourceOf("url"));
		}
		else {
			for (String name : List.of("host", "port", "database")) {
				sources.add(name + " from " + aliases.sourceOf(name));
			}
		}
		for (String name : List.of("username", "password")) {
			String source = aliases.sourceOf(name);
			if (!source.equals("default")) {
				sources.add(name + " from " + source);
			}
		}
		String sslSource = aliases.sourceOf("ssl.enabled");
		if (sslSource.equals("default") && properties.getSsl().getBundle() != null) {
			sslSource = aliases.sourceOf("ssl.bundle");
		}
		else if (sslSource.equals("default") && properties.hasUrl()) {
			sslSource = "url";
		}
		sources.add("ssl " + ((fromProperties.getSslBundle() != null) ? "on" : "off") + " from " + sslSource);
		return fromProperties.describe() + " (" + String.join(", ", sources) + ")";
	}
}
