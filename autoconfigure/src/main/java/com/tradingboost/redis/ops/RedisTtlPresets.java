package com.tradingboost.redis.ops;

import java.time.Duration;

/**
 * The TTLs the services this starter replaces gave their keys, configurable under {@code tradingboost.redis.ttl.*}.
 *
 * @param userData user data, 30 days by default
 * @param userSession a user session, 1 day
 * @param userSettings user settings, 7 days
 * @param priceData price data, 1 hour
 * @param orderData order data, 7 days
 * @param positionData position data, 30 days
 * @param cacheShort short-lived cache entries, 5 minutes
 * @param cacheMedium medium-lived cache entries, 30 minutes
 * @param cacheLong long-lived cache entries, 2 hours
 * @param tempData temporary data, 15 minutes
 * @param lockData a lock, 1 minute
 */
public record RedisTtlPresets(Duration userData, Duration userSession, Duration userSettings, Duration priceData,
		Duration orderData, Duration positionData, Duration cacheShort, Duration cacheMedium, Duration cacheLong,
		Duration tempData, Duration lockData) {

}
