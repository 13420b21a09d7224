package com.tradingboost.sample.risk;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the cached risk calculation.
 */
@RestController
class RiskController {

	private final RiskService risk;

	RiskController(RiskService risk) {
		this.risk = risk;
	}

	@GetMapping("/risk/{portfolio}")
	RiskService.RiskReport valueAtRisk(@PathVariable String portfolio) {
		return this.risk.valueAtRisk(portfolio);
	}

}
