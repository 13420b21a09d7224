package com.tradingboost.sample.prices;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves quotes through the Redis-backed Spring Cache.
 */
@RestController
class PriceController {

	private final PriceService prices;

	PriceController(PriceService prices) {
		this.prices = prices;
	}

	@GetMapping("/prices/{symbol}")
	PriceService.Quote quote(@PathVariable String symbol) {
		return this.prices.quote(symbol.toUpperCase(java.util.Locale.ROOT));
	}

}
