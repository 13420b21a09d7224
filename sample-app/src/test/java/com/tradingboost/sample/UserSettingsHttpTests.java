package com.tradingboost.sample;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.tracing.MicrometerTracing;

import com.tradingboost.redis.connection.TradingBoostLettuceConnectionFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.local-redis.enabled=false")
class UserSettingsHttpTests extends SharedRedisTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ClientResources clientResources;

	@Autowired
	private RedisConnectionFactory connectionFactory;

	@Test
	void theAppRunsOnTheStartersFactoryWithBootsLettuceObservation() {
		assertThat(this.connectionFactory).isInstanceOf(TradingBoostLettuceConnectionFactory.class);
		assertThat(this.clientResources.tracing()).isInstanceOf(MicrometerTracing.class);
		assertThat(this.clientResources.tracing().isEnabled()).isTrue();
	}

	@Test
	void theStarterShipsTheNativeTransportSoTcpUserTimeoutIsSetOnLinux() {
		boolean linux = System.getProperty("os.name").toLowerCase().contains("linux");
		boolean shippedArch = java.util.Set.of("amd64", "x86_64", "aarch64").contains(System.getProperty("os.arch"));
		org.junit.jupiter.api.Assumptions.assumeTrue(linux && shippedArch, "the starter ships epoll for Linux only");
		assertThat(io.netty.channel.epoll.Epoll.isAvailable()).isTrue();
		assertThat(((TradingBoostLettuceConnectionFactory) this.connectionFactory).getClientConfiguration()
			.getClientOptions()
			.orElseThrow()
			.getSocketOptions()
			.isEnableTcpUserTimeout()).isTrue();
	}

	@Test
	void storesSettingsAsAHashWithTheUserSettingsTtl() throws Exception {
		HttpResponse<String> saved = HttpJson.put(this.port, "/users/alice/settings",
				"{\"theme\":\"dark\",\"currency\":\"EUR\"}");
		assertThat(saved.statusCode()).isEqualTo(200);
		assertThat(saved.body()).contains("\"theme\":\"dark\"").contains("\"currency\":\"EUR\"");

		assertThat(redis.execute("HGET", "user:settings:alice", "currency")).isEqualTo("EUR");
		assertThat((Long) redis.execute("TTL", "user:settings:alice")).isBetween(7 * 86400L - 60, 7 * 86400L);

		HttpResponse<String> read = HttpJson.get(this.port, "/users/alice/settings");
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(read.body()).contains("\"userId\":\"alice\"").contains("\"theme\":\"dark\"").contains("\"ttlSeconds\":");
	}

	@Test
	void replacingSettingsDropsTheOldFields() throws Exception {
		HttpJson.put(this.port, "/users/bob/settings", "{\"theme\":\"light\",\"lang\":\"en\"}");
		HttpJson.put(this.port, "/users/bob/settings", "{\"theme\":\"dark\"}");
		assertThat(redis.execute("HGETALL", "user:settings:bob")).isEqualTo(java.util.List.of("theme", "dark"));
	}

	@Test
	void unknownUsersAreNotFoundAndEmptySettingsAreRefused() throws Exception {
		assertThat(HttpJson.get(this.port, "/users/nobody-" + System.nanoTime() + "/settings").statusCode())
			.isEqualTo(404);
		assertThat(HttpJson.put(this.port, "/users/carol/settings", "{}").statusCode()).isEqualTo(400);
		assertThat(redis.execute("EXISTS", "user:settings:carol")).isEqualTo(0L);
	}

}
