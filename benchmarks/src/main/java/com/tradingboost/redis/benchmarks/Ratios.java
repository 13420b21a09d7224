package com.tradingboost.redis.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Values measured once per round, summarised as median and spread.
 */
final class Ratios {

	private final List<Double> values = new ArrayList<>();

	void add(double value) {
		this.values.add(value);
	}

	boolean isEmpty() {
		return this.values.isEmpty();
	}

	double median() {
		List<Double> sorted = new ArrayList<>(this.values);
		sorted.sort(null);
		int n = sorted.size();
		return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

	double min() {
		return this.values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
	}

	double max() {
		return this.values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
	}

	double sum() {
		return this.values.stream().mapToDouble(Double::doubleValue).sum();
	}

	int size() {
		return this.values.size();
	}

	String format(String pattern) {
		if (this.values.isEmpty()) {
			return "n/a";
		}
		List<Double> sorted = new ArrayList<>(this.values);
		sorted.sort(null);
		return String.format(Locale.ROOT, pattern + " (" + pattern + "–" + pattern + ")", median(), sorted.get(0),
				sorted.get(sorted.size() - 1));
	}

}
