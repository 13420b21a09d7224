package com.tradingboost.sample.prices;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * Quotes a symbol from a slow upstream feed, cached in Redis for the price-data TTL.
 */
@Service
class PriceService {

	private final AtomicLong upstreamCalls = new AtomicLong();

	@Cacheable("prices")
	public Quote quote(String symbol) {
		long call = this.upstreamCalls.incrementAndGet();
		BigDecimal price = BigDecimal.valueOf(Math.abs(symbol.hashCode() % 100_000), 2).setScale(2, RoundingMode.HALF_UP);
		return new Quote(symbol, price, Instant.now(), call);
	}

	long upstreamCalls() {
		return this.upstreamCalls.get();
	}

	/**
	 * A price quote.
	 *
	 * @param symbol the symbol
	 * @param price the price
	 * @param quotedAt when the upstream feed quoted it
	 * @param upstreamCall which upstream call produced it
	 */
	public record Quote(String symbol, BigDecimal price, Instant quotedAt, long upstreamCall) implements java.io.Serializable {
	}

}
