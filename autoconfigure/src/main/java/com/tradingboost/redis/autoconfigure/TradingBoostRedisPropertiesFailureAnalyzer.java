package com.tradingboost.redis.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Reports a refused {@code tradingboost.redis.*} value with where it was written: the property file and line, the
 * {@code spring.data.redis.*} property or the {@code REDIS_*} environment variable, which Spring Boot's own report
 * leaves out for the starter's rules that span nested properties.
 */
final class TradingBoostRedisPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<BindValidationException>
		implements Ordered {

	private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of("tradingboost.redis");

	private final @Nullable Environment environment;

	TradingBoostRedisPropertiesFailureAnalyzer(@Nullable Environment environment) {
		this.environment = environment;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindValidationException cause) {
		ConfigurationPropertyName name = cause.getValidationErrors().getName();
		if (!PREFIX.equals(name) && !PREFIX.isAncestorOf(name)) {
			return null;
		}
		StringBuilder description = new StringBuilder("Binding to target ")
			.append(TradingBoostRedisProperties.class.getName())
			.append(" failed:\n");
		for (ObjectError error : cause.getValidationErrors()) {
			description.append("\n");
			if (error instanceof FieldError field) {
				String property = name + "." + field.getField();
				description.append("    Property: ").append(property).append("\n");
				description.append("    Value: \"").append(field.getRejectedValue()).append("\"\n");
				Origin origin = originOf(property);
				if (origin != null) {
					description.append("    Origin: ").append(origin).append("\n");
				}
			}
			description.append("    Reason: ").append(error.getDefaultMessage()).append("\n");
		}
		return new FailureAnalysis(description.toString(),
				"Update your application's configuration (the property or environment variable named as Origin)",
				cause);
	}

	private @Nullable Origin originOf(String property) {
		if (this.environment == null || !ConfigurationPropertyName.isValid(property)) {
			return null;
		}
		ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			ConfigurationProperty found = source.getConfigurationProperty(name);
			if (found != null) {
				return found.getOrigin();
			}
		}
		return null;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
