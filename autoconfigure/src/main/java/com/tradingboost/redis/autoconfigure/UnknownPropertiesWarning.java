package com.tradingboost.redis.autoconfigure;

import java.beans.PropertyDescriptor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Warns at start-up about each {@code tradingboost.redis.*} property the starter does not know, naming the nearest
 * known one, so that a typo does not silently leave a default in place. Environment variables are not checked: their
 * names do not say where one word ends and the next begins.
 */
final class UnknownPropertiesWarning implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(UnknownPropertiesWarning.class);

	private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("tradingboost.redis");

	private static final String ANY = "*";

	private static final List<List<String>> KNOWN = known(TradingBoostRedisProperties.class, new ArrayList<>());

	private final ConfigurableEnvironment environment;

	UnknownPropertiesWarning(ConfigurableEnvironment environment) {
		this.environment = environment;
	}

	@Override
	public void afterSingletonsInstantiated() {
		unknownProperties().forEach((name, suggestion) -> logger.warn("Unknown property " + name
				+ ((suggestion != null) ? ": did you mean " + suggestion + "?" : "") + " It is ignored."));
	}

	/**
	 * Finds the unknown {@code tradingboost.redis.*} properties.
	 * @return each unknown property with where it was set, and the nearest known property if one is close
	 */
	Map<String, @Nullable String> unknownProperties() {
		Map<String, @Nullable String> unknown = new LinkedHashMap<>();
		for (PropertySource<?> source : this.environment.getPropertySources()) {
			if (source.getName().equals(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)
					|| !(ConfigurationPropertySource.from(source) instanceof IterableConfigurationPropertySource names)) {
				continue;
			}
			names.stream().filter(ROOT::isAncestorOf).forEach((name) -> {
				List<String> elements = elements(name);
				if (KNOWN.stream().noneMatch((known) -> matches(known, elements))) {
					Origin origin = names.getConfigurationProperty(name).getOrigin();
					unknown.putIfAbsent(name + ((origin != null) ? " (" + origin + ")" : ""), nearest(elements));
				}
			});
		}
		return unknown;
	}

	private static List<String> elements(ConfigurationPropertyName name) {
		List<String> elements = new ArrayList<>();
		for (int i = ROOT.getNumberOfElements(); i < name.getNumberOfElements(); i++) {
			if (!name.isNumericIndex(i)) {
				elements.add(name.getElement(i, Form.DASHED));
			}
		}
		return elements;
	}

	private static boolean matches(List<String> known, List<String> elements) {
		boolean openEnded = !known.isEmpty() && known.get(known.size() - 1).equals(ANY);
		if (openEnded ? elements.size() < known.size() : elements.size() != known.size()) {
			return false;
		}
		for (int i = 0; i < known.size(); i++) {
			if (!known.get(i).equals(ANY) && !known.get(i).equals(elements.get(i))) {
				return false;
			}
		}
		return true;
	}

	private static @Nullable String nearest(List<String> elements) {
		String written = String.join(".", elements);
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (List<String> known : KNOWN) {
			List<String> candidate = new ArrayList<>();
			for (int i = 0; i < known.size(); i++) {
				candidate.add((known.get(i).equals(ANY) && i < elements.size()) ? elements.get(i) : known.get(i));
			}
			String text = String.join(".", candidate);
			int distance = distance(written, text);
			if (distance < bestDistance) {
				bestDistance = distance;
				best = text;
			}
		}
		return (best != null && bestDistance <= Math.max(2, written.length() / 4)) ? "tradingboost.redis." + best
				: null;
	}

	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	/** The known properties below {@code type}, as element lists; {@value #ANY} stands for a map key or any rest. */
	private static List<List<String>> known(Class<?> type, List<String> prefix) {
		List<List<String>> known = new ArrayList<>();
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
			if (descriptor.getReadMethod() == null || descriptor.getName().equals("class")) {
				continue;
			}
			List<String> path = new ArrayList<>(prefix);
			path.add(dashed(descriptor.getName()));
			Type generic = descriptor.getReadMethod().getGenericReturnType();
			Class<?> raw = descriptor.getPropertyType();
			if (Map.class.isAssignableFrom(raw)) {
				path.add(ANY);
				Class<?> value = typeArgument(generic, 1);
				if (value != null && isNested(value)) {
					known.addAll(known(value, path));
				}
				else {
					known.add(path);
				}
			}
			else if (isNested(raw) && !Collection.class.isAssignableFrom(raw)) {
				known.addAll(known(raw, path));
			}
			else if (descriptor.getWriteMethod() != null || Collection.class.isAssignableFrom(raw)) {
				known.add(path);
			}
		}
		return known;
	}

	private static boolean isNested(Class<?> type) {
		return type.getName().startsWith("com.tradingboost.") && !type.isEnum();
	}

	private static @Nullable Class<?> typeArgument(Type type, int index) {
		return (type instanceof ParameterizedType parameterized
				&& parameterized.getActualTypeArguments()[index] instanceof Class<?> argument) ? argument : null;
	}

	private static String dashed(String camelCase) {
		StringBuilder dashed = new StringBuilder();
		for (char character : camelCase.toCharArray()) {
			if (Character.isUpperCase(character)) {
				dashed.append('-').append(Character.toLowerCase(character));
			}
			else {
				dashed.append(character);
			}
		}
		return dashed.toString();
	}

}
