package com.tradingboost.redis.autoconfigure;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Testcontainers {@code @ServiceConnection} wins over {@code tradingboost.redis.*}. Runs where a Docker engine
 * answers and is skipped elsewhere; {@code SharedConnectionFactoryIntegrationTests} covers the same precedence with a
 * local server.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(properties = { "tradingboost.redis.host=127.0.0.1", "tradingboost.redis.port=1" })
class ServiceConnectionContainerTests {

	@Container
	@ServiceConnection
	static final GenericContainer<?> redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);

	@Autowired
	private StringRedisTemplate template;

	@Autowired
	private DataRedisConnectionDetails connectionDetails;

	@Test
	void theServiceConnectionWinsOverTradingBoostProperties() {
		assertThat(this.connectionDetails).isNotInstanceOf(PropertiesRedisConnectionDetails.class);
		this.template.opsForValue().set("service-connection", "container");
		assertThat(this.template.opsForValue().get("service-connection")).isEqualTo("container");
	}

	@SpringBootConfiguration
	@ImportAutoConfiguration({ TradingBoostRedisAutoConfiguration.class, DataRedisAutoConfiguration.class })
	static class TestApplication {

	}

}
