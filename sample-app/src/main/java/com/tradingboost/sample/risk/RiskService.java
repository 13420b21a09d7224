package com.tradingboost.sample.risk;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * An expensive risk calculation, cached for the starter's default cache TTL (30 minutes).
 */
@Service
public class RiskService {

	private final AtomicLong calculations = new AtomicLong();

	@Cacheable("risk")
	public RiskReport valueAtRisk(String portfolio) {
		long calculation = this.calculations.incrementAndGet();
		double var = Math.abs(portfolio.hashCode() % 10_000) / 100.0;
		return new RiskReport(portfolio, var, calculation);
	}

	/**
	 * A risk figure.
	 *
	 * @param portfolio the portfolio
	 * @param valueAtRisk its one-day 99 % value at risk, in percent
	 * @param calculation which calculation produced it
	 */
	public record RiskReport(String portfolio, double valueAtRisk, long calculation) implements java.io.Serializable {
	}

}
