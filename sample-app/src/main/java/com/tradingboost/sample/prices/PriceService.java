package com.tradingboost.sample.prices;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import com.tradingboost.redis.ops.RedisSafeCalls;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;

/**
 * Quotes a symbol, cached in Redis for the price-data TTL: the price the market-data feed last published with
 * {@code PUT /prices}, else (and while Redis is unavailable) one from a slow upstream feed.
 */
@Service
class PriceService {

	/** Where {@code PUT /prices} publishes a symbol's price. */
	static final String PRICE_KEY_PREFIX = "price:";

	private final StringRedisTemplate redis;

	private final RedisSafeCalls safe;

	private final AtomicLong upstreamCalls = new AtomicLong();

	PriceService(StringRedisTemplate redis, RedisSafeCalls safe) {
		this.redis = redis;
		this.safe = safe;
	}

	@Cacheable("prices")
	public Quote quote(String symbol) {
		String published = this.safe.call(() -> this.redis.opsForValue().get(PRICE_KEY_PREFIX + symbol), () -> null);
		if (published != null) {
			return new Quote(symbol, new BigDecimal(published), Quote.PUBLISHED, Instant.now(), 0);
		}
		long call = this.upstreamCalls.incrementAndGet();
		BigDecimal price = BigDecimal.valueOf(Math.abs(symbol.hashCode() % 100_000), 2).setScale(2, RoundingMode.HALF_UP);
		return new Quote(symbol, price, Quote.UPSTREAM, Instant.now(), call);
	}

	/**
	 * Drops the cached quote of a symbol whose price was just published, so the next quote reads it.
	 * @param symbol the symbol
	 */
	@CacheEvict("prices")
	public void published(String symbol) {
	}

	long upstreamCalls() {
		return this.upstreamCalls.get();
	}

	/**
	 * A price quote.
	 *
	 * @param symbol the symbol
	 * @param price the price
	 * @param source {@code published} when the price came from {@code PUT /prices}, {@code upstream} otherwise
	 * @param quotedAt when the quote was made
	 * @param upstreamCall which upstream call produced it ({@code 0} for a published price)
	 */
	public record Quote(String symbol, BigDecimal price, String source, Instant quotedAt,
			long upstreamCall) implements java.io.Serializable {

		static final String PUBLISHED = "published";

		static final String UPSTREAM = "upstream";

	}

}
