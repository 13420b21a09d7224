package com.tradingboost.redis.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers a Spring MVC request that failed because Redis is unavailable with 503, {@code Retry-After} and a problem
 * detail; it runs after Spring MVC's own resolvers, so an {@code @ExceptionHandler} of the application wins.
 */
public final class RedisUnavailableHandlerExceptionResolver implements HandlerExceptionResolver, Ordered {

	private final RedisUnavailableResponses responses;

	/**
	 * Creates a resolver.
	 * @param responses what to answer
	 */
	public RedisUnavailableHandlerExceptionResolver(RedisUnavailableResponses responses) {
		this.responses = responses;
	}

	@Override
	public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
			@Nullable Object handler, Exception ex) {
		if (response.isCommitted() || !this.responses.isRedisUnavailable(ex)) {
			return null;
		}
		byte[] body = this.responses.answer(request.getMethod(), request.getRequestURI(), ex);
		try {
			response.resetBuffer();
			response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
			response.setHeader("Retry-After", this.responses.retryAfter());
			response.setContentType(RedisUnavailableResponses.PROBLEM_JSON);
			response.setContentLength(body.length);
			response.getOutputStream().write(body);
			response.flushBuffer();
		}
		catch (IOException | IllegalStateException writeFailed) {
			// The client went away; the response is what it is.
		}
		return new ModelAndView();
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
