package com.tradingboost.redis.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import com.tradingboost.redis.nearcache.NearCacheStatus;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code near-cache} child of {@code redis}: {@code UP} while L1 serves, {@code UNKNOWN} while it does not (reads
 * then go to Redis, whose own health is the {@code server} child's), never {@code DOWN}.
 */
public final class NearCacheHealthIndicator implements HealthIndicator {

	private final Supplier<NearCacheStatus> status;

	/**
	 * Creates the indicator.
	 * @param status reads the near caches' status without Redis I/O
	 */
	public NearCacheHealthIndicator(Supplier<NearCacheStatus> status) {
		this.status = status;
	}

	@Override
	public Health health() {
		NearCacheStatus status = this.status.get();
		Health.Builder builder = status.serving() ? Health.up() : Health.unknown();
		builder.withDetail("serving", status.serving()).withDetail("tracking", status.tracking());
		if (status.reason() != null) {
			builder.withDetail("reason", status.reason());
		}
		builder.withDetail("prefixes", status.prefixes());
		Map<String, Object> caches = new LinkedHashMap<>();
		status.caches().forEach((name, cache) -> {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("size", cache.size());
			details.put("maximum_size", cache.maximumSize());
			if (cache.expireAfterWrite() != null) {
				details.put("expire_after_write_ms", cache.expireAfterWrite().toMillis());
			}
			details.put("hits", cache.hits());
			details.put("misses", cache.misses());
			caches.put(name, details);
		});
		builder.withDetail("caches", caches)
			.withDetail("invalidations_received", status.invalidationsReceived())
			.withDetail("resets", status.resets())
			.withDetail("max_stale_ms", status.maxStale().toMillis());
		if (status.lastAlive() != null && status.sinceAlive() != null) {
			builder.withDetail("last_alive", status.lastAlive().toString())
				.withDetail("since_alive_ms", status.sinceAlive().toMillis());
		}
		return builder.build();
	}

}
