package com.tradingboost.sample.prices;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.tradingboost.redis.ops.RedisBatches;
import com.tradingboost.redis.ops.RedisTtlPresets;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A market-data feed writes many prices at once; readers fetch several in one round trip.
 */
@RestController
@RequestMapping("/prices")
class PriceBatchController {

	private final RedisBatches batches;

	private final RedisTtlPresets ttl;

	PriceBatchController(RedisBatches batches, RedisTtlPresets ttl) {
		this.batches = batches;
		this.ttl = ttl;
	}

	@PutMapping
	Map<String, Object> publish(@RequestBody Map<String, String> prices) {
		Map<String, String> keyed = new LinkedHashMap<>();
		prices.forEach((symbol, price) -> keyed.put(key(symbol), price));
		this.batches.setAll(keyed, this.ttl.priceData());
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

	private static String key(String symbol) {
		return "price:" + symbol.toUpperCase(java.util.Locale.ROOT);
	}

}
