package com.tradingboost.redis.autoconfigure;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.lettuce.core.ReadFrom;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.thread.Threading;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisNode;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettucePoolingClientConfiguration;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Spring Boot's Redis auto-configuration promises for {@code spring.data.redis.*} and configuration beans still
 * holds with the starter, and the same settings exist under {@code tradingboost.redis.*}.
 */
@ExtendWith(OutputCaptureExtension.class)
class SpringBootRedisContractsTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withInitializer((context) -> RedisPropertyAliases.install(context.getEnvironment()))
		.withConfiguration(
				AutoConfigurations.of(TradingBoostRedisAutoConfiguration.class, DataRedisAutoConfiguration.class));

	@Test
	void urlWithAColonInThePasswordAndADatabase() {
		this.contextRunner.withPropertyValues("spring.data.redis.url=redis://user:pa:ss@cache.example:6390/3")
			.run((context) -> {
				LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
				RedisStandaloneConfiguration standalone = factory.getStandaloneConfiguration();
				assertThat(standalone.getHostName()).isEqualTo("cache.example");
				assertThat(standalone.getPort()).isEqualTo(6390);
				assertThat(standalone.getDatabase()).isEqualTo(3);
				assertThat(standalone.getUsername()).isEqualTo("user");
				assertThat(standalone.getPassword()).isEqualTo(RedisPassword.of("pa:ss"));
			});
	}

	@Test
	void aTradingBoostPropertyBesideASpringDataRedisUrlOverridesOnlyItsPart(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("spring.data.redis.url=redis://:url-secret@prod.example:6380",
					"tradingboost.redis.database=2", "spring.data.redis.host=ignored-as-in-boot")
			.run((context) -> {
				RedisStandaloneConfiguration standalone = context.getBean(LettuceConnectionFactory.class)
					.getStandaloneConfiguration();
				assertThat(standalone.getHostName()).isEqualTo("prod.example");
				assertThat(standalone.getPort()).isEqualTo(6380);
				assertThat(standalone.getDatabase()).isEqualTo(2);
				assertThat(standalone.getPassword()).isEqualTo(RedisPassword.of("url-secret"));
				assertThat(output).contains("spring.data.redis.url in part (tradingboost.redis.{database} win)")
					.contains("host from spring.data.redis.url")
					.doesNotContain("url-secret");
			});
	}

	@Test
	void aRedissUrlMeansTlsEvenWithSslDisabledAsInSpringBoot() {
		this.contextRunner
			.withPropertyValues("tradingboost.redis.url=rediss://cache.example:6390", "tradingboost.redis.ssl.enabled=false")
			.run((context) -> assertThat(
					context.getBean(LettuceConnectionFactory.class).getClientConfiguration().isUseSsl())
				.isTrue());
	}

	@Test
	void sentinelNodesWithoutAMasterStopStartupInsteadOfConnectingStandalone() {
		this.contextRunner.withPropertyValues("spring.data.redis.sentinel.nodes=s1:26379,s2:26379")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("sentinel.master"));
		this.contextRunner.withPropertyValues("spring.data.redis.cluster.max-redirects=3")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("cluster.nodes"));
	}

	@Test
	void jedisPropertiesAreNamedAsNotApplied(CapturedOutput output) {
		this.contextRunner.withPropertyValues("spring.data.redis.jedis.pool.max-active=5").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains("spring.data.redis.jedis.* does not apply");
		});
	}

	@Test
	void redissUrlTurnsOnSsl() {
		this.contextRunner.withPropertyValues("spring.data.redis.url=rediss://cache.example:6390")
			.run((context) -> assertThat(
					context.getBean(LettuceConnectionFactory.class).getClientConfiguration().isUseSsl())
				.isTrue());
	}

	@Test
	void clientNameTimeoutsAndPoolFromSpringDataRedis() {
		this.contextRunner
			.withPropertyValues("spring.data.redis.client-name=orders", "spring.data.redis.timeout=750ms",
					"spring.data.redis.connect-timeout=2s", "spring.data.redis.lettuce.shutdown-timeout=300ms",
					"spring.data.redis.lettuce.pool.max-active=17", "spring.data.redis.lettuce.pool.max-idle=9",
					"spring.data.redis.lettuce.pool.min-idle=2", "spring.data.redis.lettuce.pool.max-wait=1500ms",
					"spring.data.redis.lettuce.pool.time-between-eviction-runs=10s")
			.run((context) -> {
				LettucePoolingClientConfiguration configuration = (LettucePoolingClientConfiguration) context
					.getBean(LettuceConnectionFactory.class)
					.getClientConfiguration();
				assertThat(configuration.getClientName()).contains("orders");
				assertThat(configuration.getCommandTimeout()).isEqualTo(Duration.ofMillis(750));
				assertThat(configuration.getShutdownTimeout()).isEqualTo(Duration.ofMillis(300));
				assertThat(configuration.getClientOptions().orElseThrow().getSocketOptions().getConnectTimeout())
					.isEqualTo(Duration.ofSeconds(2));
				assertThat(configuration.getPoolConfig().getMaxTotal()).isEqualTo(17);
				assertThat(configuration.getPoolConfig().getMaxIdle()).isEqualTo(9);
				assertThat(configuration.getPoolConfig().getMinIdle()).isEqualTo(2);
				assertThat(configuration.getPoolConfig().getMaxWaitDuration()).isEqualTo(Duration.ofMillis(1500));
				assertThat(configuration.getPoolConfig().getDurationBetweenEvictionRuns())
					.isEqualTo(Duration.ofSeconds(10));
			});
	}

	@Test
	void poolCanBeDisabledFromEitherNamespace() {
		for (String property : List.of("spring.data.redis.lettuce.pool.enabled=false",
				"tradingboost.redis.pool.enabled=false")) {
			this.contextRunner.withPropertyValues(property)
				.run((context) -> assertThat(
						context.getBean(LettuceConnectionFactory.class).getClientConfiguration())
					.isNotInstanceOf(LettucePoolingClientConfiguration.class));
		}
		this.contextRunner.withPropertyValues("spring.data.redis.lettuce.pool.enabled=true")
			.run((context) -> assertThat(context.getBean(LettuceConnectionFactory.class).getClientConfiguration())
				.isInstanceOf(LettucePoolingClientConfiguration.class));
	}

	@Test
	void readFromByBootsNamesAndOurs() {
		this.contextRunner.withPropertyValues("spring.data.redis.lettuce.read-from=replica-preferred")
			.run((context) -> assertThat(readFrom(context)).isEqualTo(ReadFrom.REPLICA_PREFERRED));
		this.contextRunner.withPropertyValues("tradingboost.redis.read-from=lowestLatency")
			.run((context) -> assertThat(readFrom(context)).isEqualTo(ReadFrom.LOWEST_LATENCY));
		this.contextRunner.withPropertyValues("tradingboost.redis.read-from=subnet:10.0.0.0/8")
			.run((context) -> assertThat(readFrom(context)).isNotNull());
	}

	@Test
	void unknownReadFromStopsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("spring.data.redis.lettuce.read-from=closest-replica")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tradingboost.redis.read-from")
				.hasMessageContaining("replica-preferred"));
	}

	@Test
	void sentinelFromSpringDataRedis() {
		this.contextRunner
			.withPropertyValues("spring.data.redis.sentinel.master=mymaster",
					"spring.data.redis.sentinel.nodes=s1:26379,s2:26380", "spring.data.redis.sentinel.password=sp",
					"spring.data.redis.password=dp", "spring.data.redis.database=2")
			.run((context) -> {
				RedisSentinelConfiguration sentinel = context.getBean(LettuceConnectionFactory.class)
					.getSentinelConfiguration();
				assertThat(sentinel).isNotNull();
				assertThat(sentinel.getMaster().getName()).isEqualTo("mymaster");
				assertThat(sentinel.getSentinels()).containsExactlyInAnyOrder(new RedisNode("s1", 26379),
						new RedisNode("s2", 26380));
				assertThat(sentinel.getSentinelPassword()).isEqualTo(RedisPassword.of("sp"));
				assertThat(sentinel.getPassword()).isEqualTo(RedisPassword.of("dp"));
				assertThat(sentinel.getDatabase()).isEqualTo(2);
			});
	}

	@Test
	void sentinelFromTradingBoostWinsOverHostAndPort() {
		this.contextRunner
			.withPropertyValues("tradingboost.redis.host=ignored", "tradingboost.redis.sentinel.master=orders",
					"tradingboost.redis.sentinel.nodes[0]=127.0.0.1:26379", "tradingboost.redis.sentinel.nodes[1]=[::1]:26380")
			.run((context) -> {
				RedisSentinelConfiguration sentinel = context.getBean(LettuceConnectionFactory.class)
					.getSentinelConfiguration();
				assertThat(sentinel.getMaster().getName()).isEqualTo("orders");
				assertThat(sentinel.getSentinels()).contains(new RedisNode("::1", 26380));
			});
	}

	@Test
	void clusterFromSpringDataRedisWithRefreshAndRedirects() {
		this.contextRunner
			.withPropertyValues("spring.data.redis.cluster.nodes[0]=n1:7000", "spring.data.redis.cluster.nodes[1]=n2:7001",
					"spring.data.redis.cluster.max-redirects=4", "spring.data.redis.lettuce.cluster.refresh.period=7s",
					"spring.data.redis.lettuce.cluster.refresh.dynamic-refresh-sources=false")
			.run((context) -> {
				LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
				RedisClusterConfiguration cluster = factory.getClusterConfiguration();
				assertThat(cluster.getClusterNodes()).containsExactlyInAnyOrder(new RedisNode("n1", 7000),
						new RedisNode("n2", 7001));
				assertThat(cluster.getMaxRedirects()).isEqualTo(4);
				ClusterTopologyRefreshOptions refresh = refresh(factory);
				assertThat(refresh.getRefreshPeriod()).isEqualTo(Duration.ofSeconds(7));
				assertThat(refresh.useDynamicRefreshSources()).isFalse();
				assertThat(refresh.getAdaptiveRefreshTriggers()).isNotEmpty();
			});
	}

	@Test
	void clusterRefreshDefaultsFollowAFailoverWithinSeconds() {
		this.contextRunner.withPropertyValues("tradingboost.redis.cluster.nodes=n1:7000,n2:7001,n3:7002")
			.run((context) -> {
				ClusterTopologyRefreshOptions refresh = refresh(context.getBean(LettuceConnectionFactory.class));
				assertThat(refresh.isPeriodicRefreshEnabled()).isTrue();
				assertThat(refresh.getRefreshPeriod()).isEqualTo(Duration.ofSeconds(5));
				assertThat(refresh.getAdaptiveRefreshTriggers()).hasSize(ClusterTopologyRefreshOptions.RefreshTrigger.values().length);
				assertThat(refresh.getAdaptiveRefreshTimeout()).isEqualTo(Duration.ofSeconds(1));
				assertThat(refresh.useDynamicRefreshSources()).isTrue();
			});
	}

	@Test
	void staticMasterReplicaFromSpringDataRedis() {
		this.contextRunner
			.withPropertyValues("spring.data.redis.masterreplica.nodes=primary:6379,reader:6380",
					"spring.data.redis.lettuce.read-from=replica-preferred")
			.run((context) -> {
				LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
				assertThat(factory.isClusterAware()).isFalse();
				assertThat(factory.getSentinelConfiguration()).isNull();
				assertThat(ReflectionTestUtils.getField(factory, "configuration"))
					.isInstanceOf(org.springframework.data.redis.connection.RedisStaticMasterReplicaConfiguration.class);
				assertThat(readFrom(context)).isEqualTo(ReadFrom.REPLICA_PREFERRED);
			});
	}

	@Test
	void configurationBeansWinOverPropertiesAsInSpringBoot() {
		this.contextRunner.withUserConfiguration(StandaloneConfigurationBean.class)
			.withPropertyValues("tradingboost.redis.host=from-properties")
			.run((context) -> {
				LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
				assertThat(factory.getHostName()).isEqualTo("from-bean");
				assertThat(factory.getPort()).isEqualTo(6391);
			});
		this.contextRunner.withUserConfiguration(ClusterConfigurationBean.class)
			.run((context) -> assertThat(context.getBean(LettuceConnectionFactory.class).getClusterConfiguration()
				.getClusterNodes()).containsExactly(new RedisNode("bean-node", 7100)));
	}

	@Test
	void jedisClientTypeStopsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("spring.data.redis.client-type=jedis")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("spring.data.redis.client-type"));
		this.contextRunner.withPropertyValues("spring.data.redis.client-type=lettuce")
			.run((context) -> assertThat(context).hasSingleBean(TradingBoostLettuceConnectionFactory.class));
	}

	@Test
	void virtualThreadsGiveTheFactoryAVirtualThreadExecutorWhereSpringBootWould() {
		// Spring Boot turns virtual threads on only on Java 21 and later, whatever the property says.
		this.contextRunner.withPropertyValues("spring.threads.virtual.enabled=true").run((context) -> {
			Object executor = ReflectionTestUtils.getField(context.getBean(LettuceConnectionFactory.class), "executor");
			if (Threading.VIRTUAL.isActive(context.getEnvironment())) {
				assertThat(executor).isInstanceOfSatisfying(SimpleAsyncTaskExecutor.class,
						(virtual) -> assertThat(virtual.getThreadNamePrefix()).isEqualTo("redis-"));
			}
			else {
				assertThat(Runtime.version().feature()).isLessThan(21);
				assertThat(executor).isNull();
			}
		});
	}

	@Test
	void valuesRegisteredAfterStartupPreparationStillApply() {
		// What @DynamicPropertySource and @TestPropertySource do: a source added late, above the others.
		this.contextRunner.withInitializer((context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("dynamic",
					Map.of("spring.data.redis.host", "late-host", "spring.data.redis.port", "6400"))))
			.run((context) -> {
				LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
				assertThat(factory.getHostName()).isEqualTo("late-host");
				assertThat(factory.getPort()).isEqualTo(6400);
			});
	}

	@Test
	void overriddenSpringDataRedisPropertiesAreNamedWithoutValues(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("spring.data.redis.host=boot-host", "tradingboost.redis.host=our-host",
					"spring.data.redis.password=boot-secret", "tradingboost.redis.password=our-secret")
			.run((context) -> {
				assertThat(context.getBean(LettuceConnectionFactory.class).getHostName()).isEqualTo("our-host");
				assertThat(output).contains("spring.data.redis.host (tradingboost.redis.host wins)")
					.contains("spring.data.redis.password (tradingboost.redis.password wins)")
					.doesNotContain("boot-secret")
					.doesNotContain("our-secret");
			});
	}

	@Test
	void theStartupLineNamesWhereEachConnectionSettingCameFrom(CapturedOutput output) {
		withEnvironment(Map.of("REDIS_HOST", "redis.internal", "REDIS_PASSWORD", "env-secret"))
			.withPropertyValues("spring.data.redis.port=6390", "tradingboost.redis.database=3")
			.run((context) -> assertThat(output).contains("redis://redis.internal:6390/3 (host from REDIS_HOST,"
					+ " port from spring.data.redis.port, database from tradingboost.redis.database,"
					+ " password from REDIS_PASSWORD, ssl off from default)")
				.doesNotContain("env-secret"));
		this.contextRunner.withPropertyValues("spring.data.redis.sentinel.master=mymaster",
				"spring.data.redis.sentinel.nodes=s1:26379")
			.run((context) -> assertThat(output).contains("sentinel master 'mymaster' via [s1:26379] (sentinel from"
					+ " spring.data.redis.sentinel.master, host from default"));
	}

	@Test
	void kubernetesServiceLinkInRedisPortIsIgnored() {
		withEnvironment(Map.of("REDIS_PORT", "tcp://10.0.0.11:6379", "REDIS_PORT_6379_TCP_ADDR", "10.0.0.11",
				"REDIS_SERVICE_HOST", "10.0.0.11", "REDIS_HOST", "redis.internal"))
			.run((context) -> {
				LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
				assertThat(factory.getHostName()).isEqualTo("redis.internal");
				assertThat(factory.getPort()).isEqualTo(6379);
			});
	}

	@Test
	void anInvalidEnvironmentVariableIsNamedInTheFailure() {
		withEnvironment(Map.of("REDIS_PORT", "sixty")).run((context) -> {
			assertThat(context).hasFailed();
			BindException failure = RedisPropertyAliasesEnvironmentPostProcessorTests.findCause(context.getStartupFailure(),
					BindException.class);
			assertThat(failure.getProperty().getName().toString()).isEqualTo("tradingboost.redis.port");
			assertThat(failure.getProperty().getOrigin()).hasToString("System Environment Property \"REDIS_PORT\"");
		});
	}

	@Test
	void aSpringDataRedisAliasReportsItsOwnName() {
		this.contextRunner.withPropertyValues("spring.data.redis.sentinel.master=m",
				"spring.data.redis.sentinel.nodes=no-port")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("sentinel.nodes")
				.hasMessageContaining("no-port"));
	}

	private ApplicationContextRunner withEnvironment(Map<String, Object> variables) {
		return this.contextRunner.withInitializer((context) -> context.getEnvironment()
			.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
							new HashMap<>(variables))));
	}

	private static ReadFrom readFrom(ConfigurableApplicationContext context) {
		LettuceClientConfiguration configuration = context.getBean(LettuceConnectionFactory.class)
			.getClientConfiguration();
		return configuration.getReadFrom().orElse(null);
	}

	private static ClusterTopologyRefreshOptions refresh(LettuceConnectionFactory factory) {
		return ((ClusterClientOptions) factory.getClientConfiguration().getClientOptions().orElseThrow())
			.getTopologyRefreshOptions();
	}

	@Configuration(proxyBeanMethods = false)
	static class StandaloneConfigurationBean {

		@Bean
		RedisStandaloneConfiguration redisStandaloneConfiguration() {
			return new RedisStandaloneConfiguration("from-bean", 6391);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ClusterConfigurationBean {

		@Bean
		RedisClusterConfiguration redisClusterConfiguration() {
			return new RedisClusterConfiguration(List.of("bean-node:7100"));
		}

	}

}
