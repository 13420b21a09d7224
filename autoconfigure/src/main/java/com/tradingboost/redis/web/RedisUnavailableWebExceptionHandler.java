package com.tradingboost.redis.web;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Answers a WebFlux request that failed because Redis is unavailable with 503, {@code Retry-After} and a problem
 * detail; an {@code @ExceptionHandler} of the application handles the exception before any
 * {@code WebExceptionHandler}, and this one runs before Spring Boot's error handler.
 */
public final class RedisUnavailableWebExceptionHandler implements WebExceptionHandler, Ordered {

	/** Before Spring Boot's {@code ErrorWebExceptionHandler} (-1). */
	public static final int ORDER = -2;

	private final RedisUnavailableResponses responses;

	/**
	 * Creates a handler.
	 * @param responses what to answer
	 */
	public RedisUnavailableWebExceptionHandler(RedisUnavailableResponses responses) {
		this.responses = responses;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted() || !this.responses.isRedisUnavailable(ex)) {
			return Mono.error(ex);
		}
		byte[] body = this.responses.answer(exchange.getRequest().getMethod().name(),
				exchange.getRequest().getPath().value(), ex);
		response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
		response.getHeaders().set("Retry-After", this.responses.retryAfter());
		response.getHeaders().setContentType(MediaType.parseMediaType(RedisUnavailableResponses.PROBLEM_JSON));
		response.getHeaders().setContentLength(body.length);
		DataBuffer buffer = response.bufferFactory().wrap(body);
		return response.writeWith(Mono.just(buffer));
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
