package com.tradingboost.sample.web;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;

/**
 * Answers a refused request with an RFC 9457 problem detail that says why, rather than Spring Boot's error page,
 * which leaves the reason out.
 */
@RestControllerAdvice
class ReasonedErrors {

	@ExceptionHandler
	ResponseEntity<ProblemDetail> refused(ResponseStatusException ex) {
		return ResponseEntity.status(ex.getStatusCode()).headers(ex.getHeaders()).body(ex.getBody());
	}

}
