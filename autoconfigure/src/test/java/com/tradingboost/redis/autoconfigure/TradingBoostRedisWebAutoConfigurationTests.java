package com.tradingboost.redis.autoconfigure;

import java.net.ConnectException;
import java.time.Instant;
import java.util.Arrays;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import com.tradingboost.redis.resilience.RedisCircuitBreakerOpenException;
import com.tradingboost.redis.web.RedisUnavailableHandlerExceptionResolver;
import com.tradingboost.redis.web.RedisUnavailableResponses;
import com.tradingboost.redis.web.RedisUnavailableWebExceptionHandler;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.reactive.config.EnableWebFlux;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@ExtendWith(OutputCaptureExtension.class)
class TradingBoostRedisWebAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TradingBoostRedisWebAutoConfiguration.class))
		.withUserConfiguration(MvcApplication.class);

	@Test
	void answersARequestThatFailedBecauseRedisIsNotConnectedWith503AndAProblemDetail() {
		this.contextRunner.run((context) -> mvc(context).perform(get("/not-connected"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().string("Retry-After", "5"))
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.status").value(503))
			.andExpect(jsonPath("$.title").value("Service Unavailable"))
			.andExpect(jsonPath("$.detail").value("Redis is unavailable (not connected); retry after 5 s"))
			.andExpect(jsonPath("$.instance").value("/not-connected"))
			.andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("10.9.8.7")))));
	}

	@Test
	void namesTheKindOfFailureButNoAddressOrSecret() {
		this.contextRunner.withPropertyValues("tradingboost.redis.web.retry-after=1500ms").run((context) -> {
			MockMvc mvc = mvc(context);
			mvc.perform(get("/breaker-open"))
				.andExpect(status().isServiceUnavailable())
				.andExpect(header().string("Retry-After", "2"))
				.andExpect(jsonPath("$.detail").value("Redis is unavailable (circuit breaker open); retry after 2 s"));
			mvc.perform(get("/timeout"))
				.andExpect(status().isServiceUnavailable())
				.andExpect(jsonPath("$.detail").value("Redis is unavailable (timeout); retry after 2 s"));
			mvc.perform(get("/wrong-password"))
				.andExpect(status().isServiceUnavailable())
				.andExpect(jsonPath("$.detail").value("Redis is unavailable (authentication failed); retry after 2 s"))
				.andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("WRONGPASS"))));
		});
	}

	@Test
	void leavesOtherFailuresAlone() {
		this.contextRunner.run((context) -> {
			MockMvc mvc = mvc(context);
			assertThatException().isThrownBy(() -> mvc.perform(get("/bug")))
				.withRootCauseInstanceOf(IllegalStateException.class);
			assertThatException().isThrownBy(() -> mvc.perform(get("/wrong-type")))
				.withRootCauseInstanceOf(io.lettuce.core.RedisCommandExecutionException.class);
		});
	}

	@Test
	void anExceptionHandlerOfTheApplicationWins() {
		this.contextRunner.withUserConfiguration(OwnHandlerApplication.class)
			.run((context) -> mvc(context).perform(get("/not-connected"))
				.andExpect(status().isBadGateway())
				.andExpect(content().string("handled by the application")));
	}

	@Test
	void logsOneWarningPerIntervalWithCountsAndNoStackTrace(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			MockMvc mvc = mvc(context);
			for (int i = 0; i < 20; i++) {
				mvc.perform(get((i % 2 == 0) ? "/not-connected" : "/breaker-open"))
					.andExpect(status().isServiceUnavailable());
			}
		});
		assertThat(Arrays.stream(output.getOut().split("\n")).filter((line) -> line.contains("Redis unavailable")))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains(" WARN ")
				.contains("Redis unavailable, answered 503 to GET /not-connected: connection refused")
				.contains("similar warnings are logged at most once every 10 s"));
		assertThat(output.getOut()).doesNotContain("\tat ").doesNotContain("10.9.8.7");
	}

	@Test
	void thePropertyTurnsItOff() {
		this.contextRunner.withPropertyValues("tradingboost.redis.web.unavailable-response=false").run((context) -> {
			assertThat(context).doesNotHaveBean(RedisUnavailableHandlerExceptionResolver.class);
			assertThatException().isThrownBy(() -> mvc(context).perform(get("/not-connected")))
				.withRootCauseInstanceOf(ConnectException.class);
		});
	}

	@Test
	void isNotDefinedOutsideWebApplications() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TradingBoostRedisWebAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RedisUnavailableResponses.class)
				.doesNotHaveBean(RedisUnavailableHandlerExceptionResolver.class)
				.doesNotHaveBean(RedisUnavailableWebExceptionHandler.class));
	}

	@Test
	void answersAWebFluxRequestThatFailedBecauseRedisIsUnavailableWith503() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TradingBoostRedisWebAutoConfiguration.class))
			.withUserConfiguration(WebFluxApplication.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(RedisUnavailableWebExceptionHandler.class)
					.doesNotHaveBean(RedisUnavailableHandlerExceptionResolver.class);
				WebTestClient client = WebTestClient.bindToApplicationContext(context).build();
				client.get()
					.uri("/reactive/not-connected")
					.exchange()
					.expectStatus()
					.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
					.expectHeader()
					.valueEquals("Retry-After", "5")
					.expectHeader()
					.contentType("application/problem+json")
					.expectBody()
					.jsonPath("$.detail")
					.isEqualTo("Redis is unavailable (not connected); retry after 5 s")
					.jsonPath("$.instance")
					.isEqualTo("/reactive/not-connected");
				client.get().uri("/reactive/bug").exchange().expectStatus().is5xxServerError();
			});
	}

	private static MockMvc mvc(org.springframework.context.ApplicationContext context) {
		return MockMvcBuilders.webAppContextSetup((WebApplicationContext) context).build();
	}

	static RedisConnectionFailureException connectionRefused() {
		return new RedisConnectionFailureException("Unable to connect to Redis",
				new RedisConnectionException("Unable to connect to 10.9.8.7:6379",
						new ConnectException("Connection refused: /10.9.8.7:6379")));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebMvc
	@Import(FailingController.class)
	static class MvcApplication {

	}

	@RestController
	static class FailingController {

		@GetMapping("/not-connected")
		String notConnected() {
			throw connectionRefused();
		}

		@GetMapping("/breaker-open")
		String breakerOpen() {
			throw new RedisCircuitBreakerOpenException("OPEN", Instant.now(), null);
		}

		@GetMapping("/timeout")
		String timeout() {
			throw new QueryTimeoutException("Redis command timed out",
					new RedisCommandTimeoutException("Command timed out after 3 second(s)"));
		}

		@GetMapping("/wrong-password")
		String wrongPassword() {
			throw new RedisConnectionFailureException("Unable to connect to Redis",
					new RedisConnectionException("Unable to connect to 10.9.8.7:6379",
							new io.lettuce.core.RedisCommandExecutionException(
									"WRONGPASS invalid username-password pair or user is disabled.")));
		}

		@GetMapping("/wrong-type")
		String wrongType() {
			throw new RedisSystemException("Error in execution", new io.lettuce.core.RedisCommandExecutionException(
					"WRONGTYPE Operation against a key holding the wrong kind of value"));
		}

		@GetMapping("/bug")
		String bug() {
			throw new IllegalStateException("bug");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(OwnHandler.class)
	static class OwnHandlerApplication {

	}

	@RestControllerAdvice
	static class OwnHandler {

		@ExceptionHandler(RedisConnectionFailureException.class)
		ResponseEntity<String> redisDown(RedisConnectionFailureException ex) {
			return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body("handled by the application");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebFlux
	@Import(ReactiveFailingController.class)
	static class WebFluxApplication {

	}

	@RestController
	static class ReactiveFailingController {

		@GetMapping("/reactive/not-connected")
		Mono<String> notConnected() {
			return Mono.error(connectionRefused());
		}

		@GetMapping("/reactive/bug")
		Mono<String> bug() {
			return Mono.error(new IllegalStateException("bug"));
		}

	}

}
