package com.tradingboost.redis.resilience;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RateLimitedWarningTests {

	private final List<String> warnings = new CopyOnWriteArrayList<>();

	private final List<Object> debugged = new CopyOnWriteArrayList<>();

	private final Log log = (Log) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Log.class },
			(proxy, method, args) -> switch (method.getName()) {
				case "warn" -> this.warnings.add((String) args[0]);
				case "debug" -> this.debugged.add(args[args.length - 1]);
				case "isDebugEnabled" -> true;
				default -> (method.getReturnType() == boolean.class) ? false : null;
			});

	@Test
	void theFirstWarningSaysHowRepeatsAreHandledInsteadOfCountingZero() {
		new RateLimitedWarning(this.log, Duration.ofMinutes(1)).warn("Redis unavailable");
		assertThat(this.warnings).containsExactly("Redis unavailable (similar warnings are logged at most once every 1 min)");
	}

	@Test
	void theNextWarningCountsTheOnesLeftOutByKind() {
		RateLimitedWarning warning = new RateLimitedWarning(this.log, Duration.ofSeconds(1));
		IllegalStateException failure = new IllegalStateException("boom");
		warning.warn("not connected", "first", failure);
		AtomicInteger calls = new AtomicInteger();
		for (int i = 0; i < 6; i++) {
			warning.warn((calls.incrementAndGet() % 2 == 0) ? "timeout after 3 s" : "not connected", "again", failure);
		}
		assertThat(this.warnings).hasSize(1);
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> {
			String kind = (calls.incrementAndGet() % 2 == 0) ? "timeout after 3 s" : "not connected";
			warning.warn(kind, "again", failure);
			return this.warnings.size() == 2;
		});
		int left = calls.get() - 1;
		int timeouts = left / 2;
		assertThat(this.warnings.get(1)).isEqualTo("again (" + left + " similar since the last warning: not connected "
				+ (left - timeouts) + ", timeout after 3 s " + timeouts + ")");
		assertThat(this.debugged).hasSize(calls.get() + 1).allMatch(failure::equals);
	}

}
