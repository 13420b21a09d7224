package com.tradingboost.redis.nearcache;

import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.data.redis.cache.RedisCacheManager;

/**
 * Wraps the application's {@link RedisCacheManager} in a {@link NearCacheManager}.
 */
public final class NearCacheManagerPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<NearCacheInvalidations> invalidations;

	private final Supplier<NearCacheSettings> settings;

	/**
	 * Creates the post-processor.
	 * @param invalidations the invalidation channel, resolved when the cache manager is created
	 * @param settings the near-cache settings, read when the cache manager is created
	 */
	public NearCacheManagerPostProcessor(ObjectProvider<NearCacheInvalidations> invalidations,
			Supplier<NearCacheSettings> settings) {
		this.invalidations = invalidations;
		this.settings = settings;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof RedisCacheManager manager) {
			return new NearCacheManager(manager, this.invalidations.getObject(), this.settings.get());
		}
		return bean;
	}

}
