package com.tradingboost.redis.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks {@link RedisServerExtension} for a controllable server of the test class's own instead of the shared one, so
 * the class may stop, kill or pause it; every such parameter in one test class receives the same server.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface DedicatedRedisServer {
}
