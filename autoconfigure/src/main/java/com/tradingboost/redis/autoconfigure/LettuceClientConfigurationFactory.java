package com.tradingboost.redis.autoconfigure;

import java.time.Duration;
import java.util.Locale;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SocketOptions.KeepAliveOptions;
import io.lettuce.core.SocketOptions.TcpUserTimeoutOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
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
 * Builds the {@link LettuceClientConfiguration} of a factory from its instance settings, then applies the users'
 * customizers.
 */
final class LettuceClientConfigurationFactory {

	/** At most one adaptive topology refresh per second, so a burst of redirects after a failover costs one. */
	private static final Duration ADAPTIVE_REFRESH_RATE_LIMIT = Duration.ofSeconds(1);

	private final RedisInstanceProperties properties;

	private final @Nullable SslBundle sslBundle;

	private final boolean cluster;

	LettuceClientConfigurationFactory(RedisInstanceProperties properties, @Nullable SslBundle sslBundle,
			boolean cluster) {
		this.properties = properties;
		this.sslBundle = sslBundle;
		this.cluster = cluster;
	}

	LettuceClientConfiguration create(ClientResources clientResources,
			ObjectProvider<LettuceClientConfigurationBuilderCustomizer> configurationCustomizers,
			ObjectProvider<LettuceClientOptionsBuilderCustomizer> optionsCustomizers) {
		LettuceClientConfigurationBuilder builder = this.properties.getPool().isEnabled()
				? LettucePoolingClientConfiguration.builder().poolConfig(poolConfig(this.properties.getPool()))
				: LettuceClientConfiguration.builder();
		builder.clientResources(clientResources)
			.commandTimeout(this.properties.getCommandTimeout())
			// In-flight work is drained by the factory first; Lettuce itself needs no extra quiet period.
			.shutdownQuietPeriod(Duration.ZERO)
			.shutdownTimeout(this.properties.getShutdownTimeout());
		if (StringUtils.hasText(this.properties.getClientName())) {
			builder.clientName(this.properties.getClientName());
		}
		if (this.properties.getReadFrom() != null) {
			builder.readFrom(readFrom(this.properties.getReadFrom()));
		}
		if (this.sslBundle != null) {
			builder.useSsl();
		}
		builder.clientOptions(clientOptions(optionsCustomizers));
		configurationCustomizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	/**
	 * Parses a read-from setting by Lettuce's names, ignoring case and separators, so {@code replica-preferred},
	 * {@code REPLICA_PREFERRED} and {@code replicaPreferred} are the same; {@code subnet:} and {@code regex:} keep
	 * their value.
	 * @param value the setting
	 * @return the read-from
	 * @throws IllegalArgumentException if Lettuce does not know the name
	 */
	static ReadFrom readFrom(String value) {
		int colon = value.indexOf(':');
		String name = (colon < 0) ? value : value.substring(0, colon);
		String canonical = name.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
		return ReadFrom.valueOf((colon < 0) ? canonical : canonical + value.substring(colon));
	}

	private static GenericObjectPoolConfig<StatefulConnection<?, ?>> poolConfig(RedisInstanceProperties.Pool pool) {
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
		RedisInstanceProperties.Lettuce lettuce = this.properties.getLettuce();
		ClientOptions.Builder builder = this.cluster
				? ClusterClientOptions.builder().topologyRefreshOptions(topologyRefresh(this.properties.getCluster()))
				: ClientOptions.builder();
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

	private static ClusterTopologyRefreshOptions topologyRefresh(RedisInstanceProperties.Cluster cluster) {
		RedisInstanceProperties.Refresh refresh = cluster.getRefresh();
		ClusterTopologyRefreshOptions.Builder builder = ClusterTopologyRefreshOptions.builder()
			.enablePeriodicRefresh(refresh.getPeriod())
			.dynamicRefreshSources(refresh.isDynamicRefreshSources());
		if (refresh.isAdaptive()) {
			builder.enableAllAdaptiveRefreshTriggers().adaptiveRefreshTriggersTimeout(ADAPTIVE_REFRESH_RATE_LIMIT);
		}
		return builder.build();
	}

	private SocketOptions socketOptions(RedisInstanceProperties.Lettuce lettuce) {
		RedisInstanceProperties.KeepAlive keepAlive = lettuce.getKeepAlive();
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
