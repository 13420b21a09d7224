package com.tradingboost.redis.autoconfigure;

import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;

import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;
import com.tradingboost.redis.ops.RedisTtlPresets;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettucePoolingClientConfiguration;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class TradingBoostRedisAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(TradingBoostRedisAutoConfiguration.class, DataRedisAutoConfiguration.class));

	@Test
	void registersOneSharedFactoryThatBootTemplatesUse() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(RedisConnectionFactory.class);
			assertThat(context).getBean(RedisConnectionFactory.class)
				.isInstanceOf(TradingBoostLettuceConnectionFactory.class);
			RedisConnectionFactory factory = context.getBean(RedisConnectionFactory.class);
			assertThat(context.getBean(StringRedisTemplate.class).getConnectionFactory()).isSameAs(factory);
			assertThat(context.getBean("redisTemplate", RedisTemplate.class).getConnectionFactory())
				.isSameAs(factory);
			assertThat(context).hasSingleBean(ClientResources.class);
			assertThat(context).hasSingleBean(DataRedisConnectionDetails.class);
			assertThat(context).getBean(DataRedisConnectionDetails.class)
				.isInstanceOf(PropertiesRedisConnectionDetails.class);
		});
	}

	@Test
	void defaultsMatchTheDocumentedValues() {
		this.contextRunner.run((context) -> {
			LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
			assertThat(factory.getHostName()).isEqualTo("localhost");
			assertThat(factory.getPort()).isEqualTo(6379);
			assertThat(factory.getDatabase()).isZero();
			assertThat(factory.getShareNativeConnection()).isTrue();
			assertThat(factory.getEagerInitialization()).isFalse();
			LettucePoolingClientConfiguration configuration = (LettucePoolingClientConfiguration) factory
				.getClientConfiguration();
			assertThat(configuration.getCommandTimeout()).isEqualTo(Duration.ofSeconds(3));
			assertThat(configuration.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(2));
			assertThat(configuration.isUseSsl()).isFalse();
			assertThat(configuration.getPoolConfig().getMaxTotal()).isEqualTo(200);
			assertThat(configuration.getPoolConfig().getMaxIdle()).isEqualTo(200);
			assertThat(configuration.getPoolConfig().getMinIdle()).isZero();
			assertThat(configuration.getPoolConfig().getMaxWaitDuration()).isEqualTo(Duration.ofSeconds(4));
			assertThat(configuration.getPoolConfig().getDurationBetweenEvictionRuns())
				.isEqualTo(Duration.ofSeconds(30));
			assertThat(configuration.getPoolConfig().getSoftMinEvictableIdleDuration())
				.isEqualTo(Duration.ofMinutes(1));
			ClientOptions options = configuration.getClientOptions().orElseThrow();
			assertThat(options.getDisconnectedBehavior()).isEqualTo(DisconnectedBehavior.REJECT_COMMANDS);
			assertThat(options.isAutoReconnect()).isTrue();
			assertThat(options.getTimeoutOptions().isTimeoutCommands()).isTrue();
			SocketOptions socket = options.getSocketOptions();
			assertThat(socket.getConnectTimeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(socket.getKeepAlive().isEnabled()).isTrue();
			assertThat(socket.getKeepAlive().getIdle()).isEqualTo(Duration.ofSeconds(10));
			assertThat(socket.getKeepAlive().getInterval()).isEqualTo(Duration.ofSeconds(5));
			assertThat(socket.getKeepAlive().getCount()).isEqualTo(3);
			TradingBoostRedisProperties properties = context.getBean(TradingBoostRedisProperties.class);
			assertThat(properties.getHealthCheckInterval()).isEqualTo(Duration.ofSeconds(15));
		});
	}

	@Test
	void providesTheTtlPresetsWithTheSeedValuesAndLetsPropertiesOverrideThem() {
		this.contextRunner.withPropertyValues("tradingboost.redis.ttl.price-data=90s").run((context) -> {
			RedisTtlPresets ttl = context.getBean(RedisTtlPresets.class);
			assertThat(ttl.userData()).isEqualTo(Duration.ofDays(30));
			assertThat(ttl.userSession()).isEqualTo(Duration.ofDays(1));
			assertThat(ttl.userSettings()).isEqualTo(Duration.ofDays(7));
			assertThat(ttl.priceData()).isEqualTo(Duration.ofSeconds(90));
			assertThat(ttl.orderData()).isEqualTo(Duration.ofDays(7));
			assertThat(ttl.positionData()).isEqualTo(Duration.ofDays(30));
			assertThat(ttl.cacheShort()).isEqualTo(Duration.ofMinutes(5));
			assertThat(ttl.cacheMedium()).isEqualTo(Duration.ofMinutes(30));
			assertThat(ttl.cacheLong()).isEqualTo(Duration.ofHours(2));
			assertThat(ttl.tempData()).isEqualTo(Duration.ofMinutes(15));
			assertThat(ttl.lockData()).isEqualTo(Duration.ofMinutes(1));
		});
	}

	@Test
	void setsTcpUserTimeoutOnlyWhereANativeTransportIsAvailable() {
		this.contextRunner.run((context) -> {
			SocketOptions socket = context.getBean(LettuceConnectionFactory.class)
				.getClientConfiguration()
				.getClientOptions()
				.orElseThrow()
				.getSocketOptions();
			assertThat(socket.isEnableTcpUserTimeout()).isEqualTo(Epoll.isAvailable());
			if (Epoll.isAvailable()) {
				assertThat(socket.getTcpUserTimeout().getTcpUserTimeout()).isEqualTo(Duration.ofSeconds(10));
			}
		});
	}

	@Test
	void nativeTransportIsOnTheTestClasspathOfThisLinuxBuild() {
		String os = System.getProperty("os.name").toLowerCase();
		String arch = System.getProperty("os.arch");
		if (os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"))) {
			assertThat(Epoll.isAvailable()).as("epoll: %s", Epoll.unavailabilityCause()).isTrue();
		}
	}

	@Test
	void tcpUserTimeoutCanBeSwitchedOff() {
		this.contextRunner.withPropertyValues("tradingboost.redis.lettuce.tcp-user-timeout.enabled=false")
			.run((context) -> assertThat(context.getBean(LettuceConnectionFactory.class)
				.getClientConfiguration()
				.getClientOptions()
				.orElseThrow()
				.getSocketOptions()
				.isEnableTcpUserTimeout()).isFalse());
	}

	@Test
	void bindsEveryConnectionProperty() {
		this.contextRunner
			.withPropertyValues("tradingboost.redis.host=redis.internal", "tradingboost.redis.port=6380",
					"tradingboost.redis.database=3", "tradingboost.redis.username=app",
					"tradingboost.redis.password=s3cret", "tradingboost.redis.client-name=orders",
					"tradingboost.redis.command-timeout=750ms", "tradingboost.redis.connect-timeout=2s",
					"tradingboost.redis.shutdown-timeout=0", "tradingboost.redis.share-native-connection=false",
					"tradingboost.redis.pool.max-active=16", "tradingboost.redis.pool.max-idle=8",
					"tradingboost.redis.pool.min-idle=2", "tradingboost.redis.pool.max-wait=250ms",
					"tradingboost.redis.lettuce.disconnected-behavior=default",
					"tradingboost.redis.lettuce.auto-reconnect=false")
			.run((context) -> {
				LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
				RedisStandaloneConfiguration standalone = factory.getStandaloneConfiguration();
				assertThat(standalone.getHostName()).isEqualTo("redis.internal");
				assertThat(standalone.getPort()).isEqualTo(6380);
				assertThat(standalone.getDatabase()).isEqualTo(3);
				assertThat(standalone.getUsername()).isEqualTo("app");
				assertThat(standalone.getPassword()).isEqualTo(RedisPassword.of("s3cret"));
				assertThat(factory.getShareNativeConnection()).isFalse();
				LettucePoolingClientConfiguration configuration = (LettucePoolingClientConfiguration) factory
					.getClientConfiguration();
				assertThat(configuration.getClientName()).contains("orders");
				assertThat(configuration.getCommandTimeout()).isEqualTo(Duration.ofMillis(750));
				assertThat(configuration.getShutdownTimeout()).isZero();
				assertThat(configuration.getPoolConfig().getMaxTotal()).isEqualTo(16);
				assertThat(configuration.getPoolConfig().getMaxIdle()).isEqualTo(8);
				assertThat(configuration.getPoolConfig().getMinIdle()).isEqualTo(2);
				assertThat(configuration.getPoolConfig().getMaxWaitDuration()).isEqualTo(Duration.ofMillis(250));
				ClientOptions options = configuration.getClientOptions().orElseThrow();
				assertThat(options.getDisconnectedBehavior()).isEqualTo(DisconnectedBehavior.DEFAULT);
				assertThat(options.isAutoReconnect()).isFalse();
				assertThat(options.getSocketOptions().getConnectTimeout()).isEqualTo(Duration.ofSeconds(2));
			});
	}

	@Test
	void urlOverridesHostPortDatabaseAndCredentials() {
		this.contextRunner
			.withPropertyValues("tradingboost.redis.url=redis://app:p%40ss@cache.example:6390/5",
					"tradingboost.redis.host=ignored", "tradingboost.redis.password=ignored")
			.run((context) -> {
				RedisStandaloneConfiguration standalone = context.getBean(LettuceConnectionFactory.class)
					.getStandaloneConfiguration();
				assertThat(standalone.getHostName()).isEqualTo("cache.example");
				assertThat(standalone.getPort()).isEqualTo(6390);
				assertThat(standalone.getDatabase()).isEqualTo(5);
				assertThat(standalone.getUsername()).isEqualTo("app");
				assertThat(standalone.getPassword()).isEqualTo(RedisPassword.of("p@ss"));
				assertThat(context.getBean(LettuceConnectionFactory.class).getClientConfiguration().isUseSsl())
					.isFalse();
			});
	}

	@Test
	void redissUrlAndSslEnabledTurnOnSsl() {
		this.contextRunner.withPropertyValues("tradingboost.redis.url=rediss://cache.example")
			.run((context) -> assertThat(
					context.getBean(LettuceConnectionFactory.class).getClientConfiguration().isUseSsl())
				.isTrue());
		this.contextRunner.withPropertyValues("tradingboost.redis.ssl.enabled=true")
			.run((context) -> assertThat(
					context.getBean(LettuceConnectionFactory.class).getClientConfiguration().isUseSsl())
				.isTrue());
	}

	@Test
	void unknownSslBundleStopsStartup() {
		this.contextRunner.withPropertyValues("tradingboost.redis.ssl.bundle=missing")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("tradingboost.redis.ssl.bundle")
				.hasMessageContaining("missing"));
	}

	@Test
	void backsOffWhenTheUserDefinesAConnectionFactory() {
		this.contextRunner.withUserConfiguration(UserFactoryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(RedisConnectionFactory.class);
			assertThat(context).getBean(RedisConnectionFactory.class).isSameAs(context.getBean("userRedisConnectionFactory"));
			assertThat(context).doesNotHaveBean(TradingBoostLettuceConnectionFactory.class);
			assertThat(context.getBean(StringRedisTemplate.class).getConnectionFactory())
				.isSameAs(context.getBean("userRedisConnectionFactory"));
		});
	}

	@Test
	void honoursAConnectionDetailsBeanOverProperties() {
		this.contextRunner.withUserConfiguration(ServiceConnectionConfiguration.class)
			.withPropertyValues("tradingboost.redis.host=from-properties", "tradingboost.redis.port=1111",
					"tradingboost.redis.pool.max-active=7")
			.run((context) -> {
				assertThat(context).hasSingleBean(DataRedisConnectionDetails.class);
				assertThat(context).doesNotHaveBean(PropertiesRedisConnectionDetails.class);
				LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
				assertThat(factory.getHostName()).isEqualTo("from-service-connection");
				assertThat(factory.getPort()).isEqualTo(7777);
				assertThat(factory.getDatabase()).isEqualTo(2);
				assertThat(((LettucePoolingClientConfiguration) factory.getClientConfiguration()).getPoolConfig()
					.getMaxTotal()).as("pool settings still come from tradingboost.redis.*").isEqualTo(7);
			});
	}

	@Test
	void appliesUserCustomizersInOrder() {
		this.contextRunner.withUserConfiguration(CustomizerConfiguration.class).run((context) -> {
			LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
			assertThat(factory.getClientConfiguration().getClientName()).contains("second");
			assertThat(factory.getClientConfiguration().getClientOptions().orElseThrow().isPingBeforeActivateConnection())
				.isFalse();
			assertThat(factory.getClientConfiguration().getClientOptions().orElseThrow().getRequestQueueSize())
				.isEqualTo(1234);
			assertThat(context.getBean(ClientResources.class).ioThreadPoolSize()).isEqualTo(3);
		});
	}

	@Test
	void usesTheUsersClientResources() {
		this.contextRunner.withUserConfiguration(UserClientResourcesConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ClientResources.class);
			assertThat(context.getBean(LettuceConnectionFactory.class).getClientConfiguration().getClientResources())
				.containsSame(context.getBean(ClientResources.class));
		});
	}

	@Test
	void clientResourcesAreShutDownWithTheContext() {
		ClientResources[] resources = new ClientResources[1];
		this.contextRunner.run((context) -> resources[0] = context.getBean(ClientResources.class));
		assertThat(resources[0].eventExecutorGroup().isShuttingDown()).isTrue();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserFactoryConfiguration {

		@Bean
		LettuceConnectionFactory userRedisConnectionFactory() {
			return new LettuceConnectionFactory("user-host", 6390);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ServiceConnectionConfiguration {

		@Bean
		DataRedisConnectionDetails serviceConnection() {
			return new DataRedisConnectionDetails() {
				@Override
				public Standalone getStandalone() {
					return Standalone.of("from-service-connection", 7777, 2);
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		@Bean
		@org.springframework.core.annotation.Order(2)
		LettuceClientConfigurationBuilderCustomizer second() {
			return (builder) -> builder.clientName("second");
		}

		@Bean
		@org.springframework.core.annotation.Order(1)
		LettuceClientConfigurationBuilderCustomizer first() {
			return (builder) -> builder.clientName("first");
		}

		@Bean
		LettuceClientOptionsBuilderCustomizer options() {
			return (builder) -> builder.pingBeforeActivateConnection(false).requestQueueSize(1234);
		}

		@Bean
		ClientResourcesBuilderCustomizer resources() {
			return (builder) -> builder.ioThreadPoolSize(3);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserClientResourcesConfiguration {

		@Bean(destroyMethod = "shutdown")
		DefaultClientResources userClientResources() {
			return DefaultClientResources.create();
		}

	}

}
