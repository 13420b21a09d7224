package com.tradingboost.redis.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisServersTests {

	@AfterEach
	void clearProperties() {
		System.clearProperty(RedisServers.FIXTURE_PROPERTY);
		System.clearProperty(RedisServers.SERVER_BINARY_PROPERTY);
	}

	@Test
	void obtainedServerAnswersPingAndSetGet() {
		try (RedisServer redis = RedisServers.obtain()) {
			assertThat(redis.execute("PING")).isEqualTo("PONG");
			assertThat(redis.execute("SET", "greeting", "grüß dich")).isEqualTo("OK");
			assertThat(redis.execute("GET", "greeting")).isEqualTo("grüß dich");
			assertThat(redis.url()).isEqualTo("redis://" + redis.host() + ":" + redis.port());
		}
	}

	@Test
	void forcedEmbeddedKindRunsTheBundledBinary() {
		System.setProperty(RedisServers.FIXTURE_PROPERTY, "embedded");
		try (RedisServer redis = RedisServers.obtain()) {
			assertThat(redis.source()).startsWith("bundled embedded-redis binary (redis-server-6.2.");
			assertThat(redis.isControllable()).isTrue();
			assertThat((String) redis.execute("INFO", "server")).contains("redis_version:6.2.");
			redis.execute("SET", "k", "v");
			assertThat(redis.execute("GET", "k")).isEqualTo("v");
		}
	}

	@Test
	void pathKindRunsTheBinaryFoundOnThePath() {
		assumeTrue(RedisBinary.configuredOrOnPath().isPresent(), "no redis-server on the PATH");
		try (LocalRedisServer redis = RedisServers.startFromPath()) {
			assertThat(redis.source()).startsWith("redis-server on PATH (").endsWith("redis-server)");
			assertThat(redis.execute("PING")).isEqualTo("PONG");
		}
	}

	@Test
	void binaryPropertyOverridesThePath(@TempDir Path dir) throws IOException {
		Path binary = RedisBinary.bundled().orElseThrow().installInto(dir);
		System.setProperty(RedisServers.SERVER_BINARY_PROPERTY, binary.toString());
		try (LocalRedisServer redis = RedisServers.startLocal()) {
			assertThat(redis.source()).isEqualTo("redis-server from " + RedisServers.SERVER_BINARY_PROPERTY + " (" + binary + ")");
			assertThat((String) redis.execute("INFO", "server")).contains("redis_version:6.2.");
		}
		System.setProperty(RedisServers.SERVER_BINARY_PROPERTY, dir.resolve("missing").toString());
		assertThatThrownBy(RedisServers::startLocal)
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("is not an executable file");
	}

	@Test
	void unknownForcedKindIsRejected() {
		System.setProperty(RedisServers.FIXTURE_PROPERTY, "docker");
		assertThatThrownBy(RedisServers::obtain)
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("url|testcontainers|path|embedded");
	}

	@Test
	void forcedUrlWithoutRedisUrlFailsClearly() {
		assumeTrue(System.getenv(RedisServers.REDIS_URL_ENV) == null, "REDIS_URL is set");
		System.setProperty(RedisServers.FIXTURE_PROPERTY, "url");
		assertThatThrownBy(RedisServers::obtain)
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("REDIS_URL");
		assertThat(RedisServers.obtainControllable()).isEmpty();
	}

	@Test
	void executeParsesEveryReplyType() {
		try (RedisServer redis = RedisServers.startLocal()) {
			assertThat(redis.execute("INCRBY", "counter", "41")).isEqualTo(41L);
			assertThat(redis.execute("GET", "missing")).isNull();
			assertThat(redis.execute("GET", "")).isNull();
			redis.execute("RPUSH", "list", "a", "", "c");
			assertThat(redis.execute("LRANGE", "list", "0", "-1")).isEqualTo(List.of("a", "", "c"));
			assertThat(redis.execute("BLPOP", "nothing", "0.01")).isNull();
			assertThatThrownBy(() -> redis.execute("GET", "list"))
					.isInstanceOf(RedisCommandException.class)
					.hasMessageStartingWith("WRONGTYPE");
			assertThatThrownBy(() -> redis.execute("NOSUCHCOMMAND"))
					.isInstanceOf(RedisCommandException.class)
					.hasMessageStartingWith("ERR unknown command");
			redis.flushAll();
			assertThat(redis.execute("DBSIZE")).isEqualTo(0L);
		}
	}

	@Test
	void passwordFromExtraArgsIsUsedForAuth() {
		try (LocalRedisServer redis = RedisServers.startLocal("--requirepass", "s3cret")) {
			assertThat(redis.password()).contains("s3cret");
			assertThat(redis.url()).doesNotContain("s3cret");
			assertThat(redis.execute("PING")).isEqualTo("PONG");

			RedisServer anonymous = ExternalRedisServer.fromUrl(redis.url(), "test");
			assertThatThrownBy(() -> anonymous.execute("GET", "k"))
					.isInstanceOf(RedisCommandException.class)
					.hasMessageStartingWith("NOAUTH");

			RedisServer database3 = ExternalRedisServer.fromUrl("redis://:s3cret@127.0.0.1:" + redis.port() + "/3", "test");
			database3.execute("SET", "k", "in-3");
			assertThat(database3.execute("GET", "k")).isEqualTo("in-3");
			assertThat(redis.execute("GET", "k")).isNull();
		}
	}

	@Test
	void externalServerIsNotControllableAndNotClosed() {
		try (LocalRedisServer redis = RedisServers.startLocal()) {
			RedisServer external = ExternalRedisServer.fromUrl(redis.url(), "REDIS_URL");
			assertThat(external.isControllable()).isFalse();
			assertThat(external.source()).isEqualTo("REDIS_URL");
			assertThatThrownBy(external::stop)
					.isInstanceOf(UnsupportedOperationException.class)
					.hasMessageContaining("Cannot stop")
					.hasMessageContaining(redis.url());
			assertThatThrownBy(external::kill).isInstanceOf(UnsupportedOperationException.class);
			assertThatThrownBy(external::start).isInstanceOf(UnsupportedOperationException.class);
			assertThatThrownBy(external::pause).isInstanceOf(UnsupportedOperationException.class);
			assertThatThrownBy(external::resume).isInstanceOf(UnsupportedOperationException.class);
			external.close();
			assertThat(redis.execute("PING")).isEqualTo("PONG");
		}
	}

	@Test
	void redisUrlPartsAreParsed() {
		RedisServer full = ExternalRedisServer.fromUrl("redis://alice:p%40ss@[::1]:6380/2", "REDIS_URL");
		assertThat(full.host()).isEqualTo("::1");
		assertThat(full.port()).isEqualTo(6380);
		assertThat(full.username()).contains("alice");
		assertThat(full.password()).contains("p@ss");
		assertThat(full.database()).isEqualTo(2);
		assertThat(full.url()).isEqualTo("redis://[::1]:6380");

		RedisServer minimal = ExternalRedisServer.fromUrl("redis://cache.example", "REDIS_URL");
		assertThat(minimal.port()).isEqualTo(6379);
		assertThat(minimal.username()).isEmpty();
		assertThat(minimal.password()).isEmpty();
		assertThat(minimal.database()).isZero();

		assertThat(ExternalRedisServer.fromUrl("redis://only-password@h:1", "REDIS_URL").password()).contains("only-password");
		assertThatThrownBy(() -> ExternalRedisServer.fromUrl("rediss://h:1", "REDIS_URL"))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("rediss");
	}

	@Test
	void clientListLeavesOutTheFixturesOwnConnections() throws Exception {
		try (RedisServer redis = RedisServers.startLocal()) {
			assertThat(redis.clientList()).isEmpty();
			assertThat(redis.connectedClients()).isZero();
			try (Socket client = new Socket(redis.host(), redis.port())) {
				OutputStream out = client.getOutputStream();
				out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
				out.flush();
				InputStream in = client.getInputStream();
				assertThat(new String(in.readNBytes(7), StandardCharsets.US_ASCII)).isEqualTo("+PONG\r\n");

				assertThat(redis.connectedClients()).isEqualTo(1);
				assertThat(redis.clientList()).singleElement().asString()
						.contains("laddr=127.0.0.1:" + redis.port())
						.contains("cmd=ping")
						.doesNotContain("name=" + RespConnection.CLIENT_NAME);
			}
			long deadline = System.nanoTime() + 2_000_000_000L;
			while (redis.connectedClients() > 0 && System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
			assertThat(redis.connectedClients()).isZero();
		}
	}
}
