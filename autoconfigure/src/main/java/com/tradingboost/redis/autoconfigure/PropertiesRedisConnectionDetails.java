package com.tradingboost.redis.autoconfigure;

import com.tradingboost.redis.connection.RedisUrl;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * {@link DataRedisConnectionDetails} built from {@code tradingboost.redis.*}.
 */
final class PropertiesRedisConnectionDetails implements DataRedisConnectionDetails {

	private final TradingBoostRedisProperties properties;

	private final @Nullable SslBundles sslBundles;

	private final @Nullable RedisUrl url;

	PropertiesRedisConnectionDetails(TradingBoostRedisProperties properties, @Nullable SslBundles sslBundles) {
		this.properties = properties;
		this.sslBundles = sslBundles;
		this.url = properties.hasUrl() ? properties.parsedUrl() : null;
	}

	@Override
	public @Nullable String getUsername() {
		return (this.url != null) ? this.url.username() : this.properties.getUsername();
	}

	@Override
	public @Nullable String getPassword() {
		return (this.url != null) ? this.url.password() : this.properties.getPassword();
	}

	@Override
	public Standalone getStandalone() {
		if (this.url != null) {
			return Standalone.of(this.url.host(), this.url.port(), this.url.database());
		}
		return Standalone.of(this.properties.getHost(), this.properties.getPort(), this.properties.getDatabase());
	}

	@Override
	public @Nullable SslBundle getSslBundle() {
		TradingBoostRedisProperties.Ssl ssl = this.properties.getSsl();
		boolean urlWantsSsl = this.url != null && this.url.ssl() && ssl.getEnabled() == null;
		if (!ssl.isEnabled() && !urlWantsSsl) {
			return null;
		}
		if (ssl.getBundle() != null) {
			if (this.sslBundles == null) {
				throw new IllegalStateException("tradingboost.redis.ssl.bundle is set to '" + ssl.getBundle()
						+ "' but no SslBundles bean exists");
			}
			return this.sslBundles.getBundle(ssl.getBundle());
		}
		return SslBundle.systemDefault();
	}

	/**
	 * Describes the target for logs, without the password.
	 * @return the description
	 */
	String describe() {
		if (this.url != null) {
			return this.url.toSafeString();
		}
		Standalone standalone = getStandalone();
		return ((getSslBundle() != null) ? "rediss" : "redis") + "://" + standalone.getHost() + ":"
				+ standalone.getPort() + "/" + standalone.getDatabase();
	}

}
