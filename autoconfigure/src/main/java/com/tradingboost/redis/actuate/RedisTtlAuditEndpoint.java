package com.tradingboost.redis.actuate;

import java.time.Duration;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

import com.tradingboost.redis.ops.RedisTtlAudit;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.convert.DurationStyle;

/**
 * Keys that never expire, on every master, for operators: read = audit a pattern, write = give those keys a TTL.
 * Writes need {@code management.endpoint.redisttlaudit.access=unrestricted}.
 */
@Endpoint(id = "redisttlaudit", defaultAccess = Access.READ_ONLY)
public class RedisTtlAuditEndpoint {

	private static final int MAX_REPORTED = 100;

	private final RedisTtlAudit<String> audit;

	/**
	 * Creates the endpoint.
	 * @param audit the audit of the application's {@code String} keys
	 */
	public RedisTtlAuditEndpoint(RedisTtlAudit<String> audit) {
		this.audit = audit;
	}

	/**
	 * Audits the keys matching a pattern on every master.
	 * @param pattern a glob-style pattern, every key when absent
	 * @return what was found
	 */
	@ReadOperation
	public RedisTtlAudit.Report<String> audit(@Nullable String pattern) {
		return this.audit.audit((pattern != null) ? pattern : "*", MAX_REPORTED);
	}

	/**
	 * Gives the keys matching a pattern that never expire a TTL.
	 * @param pattern a glob-style pattern
	 * @param ttl a duration such as {@code 30m} or {@code PT1H}
	 * @return what was done
	 */
	@WriteOperation
	public RedisTtlAudit.Report<String> apply(String pattern, String ttl) {
		Duration duration;
		try {
			duration = DurationStyle.detectAndParse(ttl);
		}
		catch (IllegalArgumentException | DateTimeParseException ex) {
			throw new InvalidEndpointRequestException("ttl '" + ttl + "' is not a duration", "ttl is not a duration");
		}
		if (duration.isZero() || duration.isNegative()) {
			throw new InvalidEndpointRequestException("ttl must be positive", "ttl must be positive");
		}
		return this.audit.applyTtl(pattern, duration, MAX_REPORTED);
	}

}
