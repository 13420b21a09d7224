/**
 * Answers for Spring MVC and WebFlux requests that fail because Redis is unavailable: 503 with Retry-After and a
 * problem detail, logged once per interval.
 */
@NullMarked
package com.tradingboost.redis.web;

import org.jspecify.annotations.NullMarked;
