package com.tradingboost.sample.prices;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.tradingboost.redis.ops.RedisBatches;
import com.tradingboost.redis.ops.RedisTtlPresets;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A market-data feed publishes many prices at once; readers fetch several in one round trip, and the cached quotes of
 * {@code GET /prices/{symbol}} are dropped so they read the new prices.
 */
@RestController
@RequestMapping("/prices")
class PriceBatchController {

	private final RedisBatches<String, String> batches;

	private final RedisTtlPresets ttl;

	private final PriceService quotes;

	PriceBatchController(RedisBatches<String, String> batches, RedisTtlPresets ttl, PriceService quotes) {
		this.batches = batches;
		this.ttl = ttl;
		this.quotes = quotes;
	}

	@PutMapping
	Map<String, Object> publish(@RequestBody Map<String, String> prices) {
		Map<String, String> keyed = new LinkedHashMap<>();
		prices.forEach((symbol, price) -> keyed.put(key(symbol), validPrice(symbol, price)));
		this.batches.setAll(keyed, this.ttl.priceData());
		prices.keySet().forEach((symbol) -> this.quotes.published(symbol.toUpperCase(Locale.ROOT)));
		return Map.of("stored", keyed.size(), "ttlSeconds", this.ttl.priceData().toSeconds());
	}

	@GetMapping
	Map<String, String> read(@RequestParam List<String> symbols) {
		List<String> values = this.batches.getAll(symbols.stream().map(PriceBatchController::key).toList());
		Map<String, String> result = new LinkedHashMap<>();
		for (int i = 0; i < symbols.size(); i++) {
			result.put(symbols.get(i), values.get(i));
		}
		return result;
	}

	private static String validPrice(String symbol, String price) {
		try {
			if (price != null) {
				new BigDecimal(price);
				return price;
			}
		}
		catch (NumberFormatException ex) {
			// Refused below.
		}
		throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "price of " + symbol + " is not a number");
	}

	private static String key(String symbol) {
		return PriceService.PRICE_KEY_PREFIX + symbol.toUpperCase(Locale.ROOT);
	}

}
