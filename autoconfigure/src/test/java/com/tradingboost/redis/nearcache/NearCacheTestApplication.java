package com.tradingboost.redis.nearcache;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.RedisCacheManagerBuilderCustomizer;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * An application with cached methods whose values are plain strings, so that a foreign client can write them.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableCaching
class NearCacheTestApplication {

	@Bean
	Quotes quotes() {
		return new Quotes();
	}

	@Bean
	RedisCacheManagerBuilderCustomizer stringValues() {
		return (builder) -> {
			builder.cacheDefaults(strings(builder.cacheDefaults()));
			for (String name : java.util.List.copyOf(builder.getConfiguredCaches())) {
				builder.getCacheConfigurationFor(name)
					.ifPresent((configuration) -> builder.withCacheConfiguration(name, strings(configuration)));
			}
		};
	}

	private static RedisCacheConfiguration strings(RedisCacheConfiguration configuration) {
		return configuration.serializeValuesWith(SerializationPair.fromSerializer(RedisSerializer.string()));
	}

	static class Quotes {

		private final AtomicInteger calls = new AtomicInteger();

		public int calls() {
			return this.calls.get();
		}

		@Cacheable("prices")
		public String price(String symbol) {
			return symbol + "@" + this.calls.incrementAndGet();
		}

		@Cacheable("plain")
		public String plain(String key) {
			return key + "@" + this.calls.incrementAndGet();
		}

	}

}
