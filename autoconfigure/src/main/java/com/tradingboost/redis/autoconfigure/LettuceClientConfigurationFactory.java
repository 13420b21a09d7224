package com.tradingboost.redis.autoconfigure;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SocketOptions.KeepAliveOptions;
import io.lettuce.core.SocketOptions.TcpUserTimeoutOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.resource.ClientResources;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.jspecify.annotations.Nullable;

import com.tradingboost.redis.connection.NativeTransports;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration.LettuceClientConfigurationBuilder;
import org.springframework.data.redis.connection.lettuce.LettucePoolingClientConfiguration;
import org.springframework.util.StringUtils;

/**
 * Builds the {@link LettuceClientConfiguration} of the shared factory from {@code tradingboost.redis.*}, then applies
 * the users' customizers.
 */
final class LettuceClientConfigurationFactory {

	private final TradingBoostRedisProperties properties;

	private final @Nullable SslBundle sslBundle;

	private final boolean cluster;

	LettuceClientConfigurationFactory(TradingBoostRedisProperties properties, @Nullable SslBundle sslBundle,
			boolean cluster) {
		this.properties = properties;
		this.sslBundle = sslBundle;
		this.cluster = cluster;
	}

	LettuceClientConfiguration create(ClientResources clientResources,
			ObjectProvider<LettuceClientConfigurationBuilderCustomizer> configurationCustomizers,
			ObjectProvider<LettuceClientOptionsBuilderCustomizer> optionsCustomizers) {
		LettuceClientConfigurationBuilder builder = LettucePoolingClientConfiguration.builder()
			.poolConfig(poolConfig(this.properties.getPool()));
		builder.clientResources(clientResources)
			.commandTimeout(this.properties.getCommandTimeout())
			// In-flight work is drained by the factory first; Lettuce itself needs no extra quiet period.
			.shutdownQuietPeriod(java.time.Duration.ZERO)
			.shutdownTimeout(this.properties.getShutdownTimeout());
		if (StringUtils.hasText(this.properties.getClientName())) {
			builder.clientName(this.properties.getClientName());
		}
		if (this.sslBundle != null) {
			builder.useSsl();
		}
		builder.clientOptions(clientOptions(optionsCustomizers));
		configurationCustomizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	private static GenericObjectPoolConfig<StatefulConnection<?, ?>> poolConfig(TradingBoostRedisProperties.Pool pool) {
		GenericObjectPoolConfig<StatefulConnection<?, ?>> config = new GenericObjectPoolConfig<>();
		config.setMaxTotal(pool.getMaxActive());
		config.setMaxIdle(pool.getMaxIdle());
		config.setMinIdle(pool.getMinIdle());
		config.setMaxWait(pool.getMaxWait());
		config.setTimeBetweenEvictionRuns(pool.getTimeBetweenEvictionRuns());
		config.setSoftMinEvictableIdleDuration(pool.getIdleTimeout());
		config.setJmxEnabled(false);
		return config;
	}

	private ClientOptions clientOptions(ObjectProvider<LettuceClientOptionsBuilderCustomizer> customizers) {
		TradingBoostRedisProperties.Lettuce lettuce = this.properties.getLettuce();
		ClientOptions.Builder builder = this.cluster ? ClusterClientOptions.builder() : ClientOptions.builder();
		builder.disconnectedBehavior(lettuce.getDisconnectedBehavior())
			.autoReconnect(lettuce.isAutoReconnect())
			.timeoutOptions(TimeoutOptions.enabled())
			.socketOptions(socketOptions(lettuce));
		if (this.sslBundle != null) {
			builder.sslOptions(sslOptions(this.sslBundle));
		}
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	private SocketOptions socketOptions(TradingBoostRedisProperties.Lettuce lettuce) {
		TradingBoostRedisProperties.KeepAlive keepAlive = lettuce.getKeepAlive();
		SocketOptions.Builder builder = SocketOptions.builder()
			.connectTimeout(this.properties.getConnectTimeout())
			.keepAlive(KeepAliveOptions.builder()
				.enable(keepAlive.isEnabled())
				.idle(keepAlive.getIdle())
				.interval(keepAlive.getInterval())
				.count(keepAlive.getCount())
				.build());
		if (lettuce.getTcpUserTimeout().isEnabled() && NativeTransports.supportTcpUserTimeout()) {
			builder.tcpUserTimeout(TcpUserTimeoutOptions.builder()
				.enable()
				.tcpUserTimeout(lettuce.getTcpUserTimeout().getTimeout())
				.build());
		}
		return builder.build();
	}

	private static SslOptions sslOptions(SslBundle bundle) {
		SslOptions.Builder builder = SslOptions.builder()
			.keyManager(bundle.getManagers().getKeyManagerFactory())
			.trustManager(bundle.getManagers().getTrustManagerFactory());
		if (bundle.getOptions().getCiphers() != null) {
			builder.cipherSuites(bundle.getOptions().getCiphers());
		}
		if (bundle.getOptions().getEnabledProtocols() != null) {
			builder.protocols(bundle.getOptions().getEnabledProtocols());
		}
		return builder.build();
	}

}
