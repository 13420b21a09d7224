package com.tradingboost.redis.autoconfigure;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.tradingboost.redis.connection.RedisPoolExhaustedException;
import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;
import com.tradingboost.redis.testsupport.RedisServer;
import com.tradingboost.redis.testsupport.RedisServerExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

@ExtendWith(RedisServerExtension.class)
class SharedConnectionFactoryIntegrationTests {

	private final RedisServer server;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TradingBoostRedisAutoConfiguration.class,
				DataRedisAutoConfiguration.class, DataRedisReactiveAutoConfiguration.class));

	SharedConnectionFactoryIntegrationTests(RedisServer server) {
		this.server = server;
	}

	@Test
	void bootTemplatesRoundTripThroughTheSharedFactory() {
		String name = RedisTestProperties.uniqueClientName();
		this.contextRunner.withPropertyValues(RedisTestProperties.of(this.server, name)).run((context) -> {
			StringRedisTemplate strings = context.getBean(StringRedisTemplate.class);
			strings.opsForValue().set(name + ":greeting", "hello", Duration.ofMinutes(1));
			assertThat(strings.opsForValue().get(name + ":greeting")).isEqualTo("hello");
			assertThat(strings.getExpire(name + ":greeting")).isBetween(1L, 60L);

			@SuppressWarnings("unchecked")
			RedisTemplate<Object, Object> objects = context.getBean("redisTemplate", RedisTemplate.class);
			objects.opsForValue().set(name + ":order", new Order("BTC-USD", 3));
			assertThat(objects.opsForValue().get(name + ":order")).isEqualTo(new Order("BTC-USD", 3));

			ReactiveStringRedisTemplate reactive = context.getBean(ReactiveStringRedisTemplate.class);
			assertThat(reactive.opsForValue().get(name + ":greeting").block(Duration.ofSeconds(5))).isEqualTo("hello");
			assertThat(this.server.execute("GET", name + ":greeting")).isEqualTo("hello");
		});
	}

	@Test
	void twoHundredThreadsOfGetAndSetShareOneConnection() throws Exception {
		String name = RedisTestProperties.uniqueClientName();
		this.contextRunner.withPropertyValues(RedisTestProperties.of(this.server, name)).run((context) -> {
			StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
			AtomicInteger matches = new AtomicInteger();
			runConcurrently(200, (thread) -> {
				for (int i = 0; i < 20; i++) {
					String key = name + ":" + thread + ":" + i;
					redis.opsForValue().set(key, "v" + i);
					if (("v" + i).equals(redis.opsForValue().get(key))) {
						matches.incrementAndGet();
					}
				}
			});
			assertThat(matches).hasValue(200 * 20);
			assertThat(RedisTestProperties.connectionsNamed(this.server, name)).isEqualTo(1);
		});
	}

	@Test
	void twoHundredThreadsOfMultiExecUseAtMostMaxActiveConnections() throws Exception {
		String name = RedisTestProperties.uniqueClientName();
		this.contextRunner.withPropertyValues(RedisTestProperties.of(this.server, name, "tradingboost.redis.pool.max-active=8"))
			.run((context) -> {
				StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
				String counter = name + ":counter";
				runConcurrently(200, (thread) -> {
					for (int i = 0; i < 5; i++) {
						List<Object> results = redis.execute(new IncrementTwiceInTransaction(counter));
						assertThat(results).hasSize(2);
					}
				});
				assertThat(redis.opsForValue().get(counter)).isEqualTo(String.valueOf(200 * 5 * 2));
				long connections = RedisTestProperties.connectionsNamed(this.server, name);
				assertThat(connections).as("the shared connection is one of the pool's max-active").isBetween(2L, 8L);
			});
	}

	@Test
	void anExhaustedPoolFailsWithAClearExceptionAfterMaxWait() throws Exception {
		String name = RedisTestProperties.uniqueClientName();
		this.contextRunner
			// The shared native connection is borrowed from the pool too: 3 = shared + two blocked pops.
			.withPropertyValues(RedisTestProperties.of(this.server, name, "tradingboost.redis.pool.max-active=3",
					"tradingboost.redis.pool.max-idle=3", "tradingboost.redis.pool.max-wait=300ms"))
			.run((context) -> {
				StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
				ExecutorService blockers = Executors.newFixedThreadPool(2);
				try {
					List<Future<String>> blocked = new ArrayList<>();
					for (int i = 0; i < 2; i++) {
						blocked.add(blockers.submit(() -> redis.opsForList().leftPop(name + ":empty", Duration.ofSeconds(2))));
					}
					await().atMost(Duration.ofSeconds(5))
						.until(() -> RedisTestProperties.connectionsNamed(this.server, name, "cmd=blpop") == 2);
					CompletableFuture<Object> third = CompletableFuture
						.supplyAsync(() -> redis.opsForList().leftPop(name + ":empty", Duration.ofSeconds(1)));
					assertThatExceptionOfType(Exception.class).isThrownBy(() -> third.get(2500, TimeUnit.MILLISECONDS))
						.havingCause()
						.isInstanceOf(RedisPoolExhaustedException.class)
						.withMessageContaining("all 3 connections (tradingboost.redis.pool.max-active) are in use")
						.withMessageContaining("within 300ms (tradingboost.redis.pool.max-wait)");
					for (Future<String> future : blocked) {
						assertThat(future.get(10, TimeUnit.SECONDS)).isNull();
					}
					assertThat(redis.opsForList().leftPop(name + ":empty", Duration.ofMillis(100))).isNull();
				}
				finally {
					blockers.shutdownNow();
				}
			});
	}

	@Test
	void everyConnectionIsClosedWithTheContext() {
		String name = RedisTestProperties.uniqueClientName();
		this.contextRunner.withPropertyValues(RedisTestProperties.of(this.server, name)).run((context) -> {
			StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
			redis.opsForValue().set(name + ":k", "v");
			redis.execute(new IncrementTwiceInTransaction(name + ":tx"));
			redis.opsForList().leftPop(name + ":empty", Duration.ofMillis(50));
			assertThat(RedisTestProperties.connectionsNamed(this.server, name)).isGreaterThanOrEqualTo(2);
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> RedisTestProperties.connectionsNamed(this.server, name) == 0);
	}

	@Test
	void inFlightCommandsFinishBeforeConnectionsCloseOnShutdown() throws Exception {
		String name = RedisTestProperties.uniqueClientName();
		CompletableFuture<String> blockingPop = new CompletableFuture<>();
		CompletableFuture<Object> script = new CompletableFuture<>();
		this.contextRunner.withPropertyValues(RedisTestProperties.of(this.server, name)).run((context) -> {
			StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
			String busyScript = "local t = redis.call('TIME'); local start = t[1] * 1000000 + t[2];"
					+ " repeat t = redis.call('TIME') until (t[1] * 1000000 + t[2]) - start > 600000; return 'done'";
			redis.opsForValue().set(name + ":warm", "up");
			new Thread(() -> complete(blockingPop, () -> redis.opsForList().leftPop(name + ":empty", Duration.ofSeconds(1))))
				.start();
			new Thread(() -> complete(script, () -> redis.execute((org.springframework.data.redis.core.RedisCallback<Object>) (
					connection) -> connection.scriptingCommands()
						.eval(busyScript.getBytes(), org.springframework.data.redis.connection.ReturnType.STATUS, 0))))
				.start();
			TradingBoostLettuceConnectionFactory factory = context.getBean(TradingBoostLettuceConnectionFactory.class);
			await().atMost(Duration.ofSeconds(5)).until(() -> factory.getConnectionsInUse() == 2);
		});
		assertThat(blockingPop.get(1, TimeUnit.SECONDS)).isNull();
		assertThat(script.get(1, TimeUnit.SECONDS)).isEqualTo("done");
	}

	@Test
	void shutdownStopsWaitingForInFlightCommandsAfterTheShutdownTimeout() throws Exception {
		String name = RedisTestProperties.uniqueClientName();
		CompletableFuture<String> blockingPop = new CompletableFuture<>();
		this.contextRunner
			.withPropertyValues(RedisTestProperties.of(this.server, name, "tradingboost.redis.shutdown-timeout=200ms",
					"tradingboost.redis.command-timeout=30s"))
			.run((context) -> {
				StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
				new Thread(() -> complete(blockingPop,
						() -> redis.opsForList().leftPop(name + ":empty", Duration.ofSeconds(20))))
					.start();
				TradingBoostLettuceConnectionFactory factory = context.getBean(TradingBoostLettuceConnectionFactory.class);
				await().atMost(Duration.ofSeconds(5)).until(() -> factory.getConnectionsInUse() == 1);
			});
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> blockingPop.get(10, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOf(DataAccessException.class)
			.isNotInstanceOf(org.springframework.dao.QueryTimeoutException.class);
		await().atMost(Duration.ofSeconds(5)).until(() -> RedisTestProperties.connectionsNamed(this.server, name) == 0);
	}

	@Test
	void aConnectionDetailsBeanWinsOverTradingBoostProperties() {
		String name = RedisTestProperties.uniqueClientName();
		// Not the server itself as a bean: the context would close it as an AutoCloseable.
		this.contextRunner.withBean(DataRedisConnectionDetails.class, () -> connectionDetails(this.server))
			.withPropertyValues("tradingboost.redis.host=127.0.0.1", "tradingboost.redis.port=1",
					"tradingboost.redis.client-name=" + name)
			.run((context) -> {
				StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
				redis.opsForValue().set(name + ":via", "service-connection");
				assertThat(this.server.execute("GET", name + ":via")).isEqualTo("service-connection");
			});
	}

	@Test
	void userCustomizersReachTheServer() {
		String name = RedisTestProperties.uniqueClientName();
		this.contextRunner.withPropertyValues(RedisTestProperties.of(this.server, "overridden"))
			.withBean(LettuceClientConfigurationBuilderCustomizer.class, () -> (builder) -> builder.clientName(name))
			.run((context) -> {
				context.getBean(StringRedisTemplate.class).opsForValue().get(name + ":any");
				assertThat(RedisTestProperties.connectionsNamed(this.server, name)).isEqualTo(1);
			});
	}

	private static <T> void complete(CompletableFuture<T> future, java.util.function.Supplier<T> action) {
		try {
			future.complete(action.get());
		}
		catch (Throwable ex) {
			future.completeExceptionally(ex);
		}
	}

	static void runConcurrently(int threads, java.util.function.IntConsumer work) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		CyclicBarrier start = new CyclicBarrier(threads);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				futures.add(executor.submit(() -> {
					start.await(10, TimeUnit.SECONDS);
					work.accept(thread);
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	record Order(String symbol, int quantity) implements Serializable {
	}

	record IncrementTwiceInTransaction(String key) implements SessionCallback<List<Object>> {

		@Override
		@SuppressWarnings({ "unchecked", "rawtypes" })
		public List<Object> execute(RedisOperations operations) {
			operations.multi();
			operations.opsForValue().increment(this.key);
			operations.opsForValue().increment(this.key);
			return operations.exec();
		}

	}

	private static DataRedisConnectionDetails connectionDetails(RedisServer server) {
		return new DataRedisConnectionDetails() {
			@Override
			public String getUsername() {
				return server.username().orElse(null);
			}

			@Override
			public String getPassword() {
				return server.password().orElse(null);
			}

			@Override
			public Standalone getStandalone() {
				return Standalone.of(server.host(), server.port(), server.database());
			}
		};
	}

}
