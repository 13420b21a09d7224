package com.tradingboost.redis.connection;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * A parsed {@code redis://} or {@code rediss://} URL whose {@link #toString()} never shows the password.
 *
 * @param host the server host
 * @param port the server port, 6379 when the URL has none
 * @param database the database index from the path, 0 when the URL has none
 * @param username the user from the user info, if any
 * @param password the password from the user info, if any
 * @param ssl whether the scheme is {@code rediss}
 */
public record RedisUrl(String host, int port, int database, @Nullable String username, @Nullable String password,
		boolean ssl) {

	private static final int DEFAULT_PORT = 6379;

	/**
	 * Parses a Redis URL.
	 * @param url the URL
	 * @return the parsed URL
	 * @throws RedisUrlException if the URL is not a valid {@code redis://} or {@code rediss://} URL; its message
	 * never contains the password
	 */
	public static RedisUrl parse(@Nullable String url) {
		if (url == null || url.isBlank()) {
			throw new RedisUrlException("must not be empty");
		}
		URI uri = toUri(url);
		String scheme = uri.getScheme();
		if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
			throw new RedisUrlException("scheme must be redis:// or rediss://, was '" + scheme + "'");
		}
		if (uri.getHost() == null || uri.getHost().isEmpty()) {
			throw new RedisUrlException("must name a host, e.g. redis://localhost:6379");
		}
		int port = (uri.getPort() != -1) ? uri.getPort() : DEFAULT_PORT;
		if (port < 1 || port > 65535) {
			throw new RedisUrlException("port must be between 1 and 65535, was " + port);
		}
		String[] credentials = credentials(uri.getRawUserInfo());
		return new RedisUrl(uri.getHost(), port, database(uri.getPath()), credentials[0], credentials[1],
				"rediss".equals(scheme));
	}

	private static URI toUri(String url) {
		try {
			return new URI(url);
		}
		catch (URISyntaxException ex) {
			throw new RedisUrlException("is not a valid URI (" + ex.getReason() + ")");
		}
	}

	private static int database(@Nullable String path) {
		if (path == null || path.isEmpty() || "/".equals(path)) {
			return 0;
		}
		try {
			int database = Integer.parseInt(path.substring(1));
			if (database < 0) {
				throw new NumberFormatException();
			}
			return database;
		}
		catch (NumberFormatException ex) {
			throw new RedisUrlException("path must be a database index such as /0, was '" + path + "'");
		}
	}

	private static @Nullable String[] credentials(@Nullable String rawUserInfo) {
		if (rawUserInfo == null) {
			return new String[2];
		}
		int colon = rawUserInfo.indexOf(':');
		if (colon == -1) {
			return new String[] { null, decode(rawUserInfo) };
		}
		String user = rawUserInfo.substring(0, colon);
		return new String[] { user.isEmpty() ? null : decode(user), decode(rawUserInfo.substring(colon + 1)) };
	}

	private static String decode(String value) {
		return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	/**
	 * Returns this URL with any password masked, safe for logs.
	 * @return the masked URL
	 */
	public String toSafeString() {
		String credentials = (this.password != null) ? ((this.username != null) ? this.username : "") + ":******@"
				: ((this.username != null) ? this.username + "@" : "");
		return (this.ssl ? "rediss" : "redis") + "://" + credentials + this.host + ":" + this.port + "/"
				+ this.database;
	}

	@Override
	public String toString() {
		return toSafeString();
	}

	/**
	 * Masks the user info of a URL-like string that could not be parsed, so it can be shown in an error.
	 * @param url the raw value
	 * @return the value with anything between {@code ://} and {@code @} replaced
	 */
	public static String mask(@Nullable String url) {
		if (url == null) {
			return "null";
		}
		int schemeEnd = url.indexOf("://");
		int at = url.lastIndexOf('@');
		if (schemeEnd != -1 && at > schemeEnd) {
			return url.substring(0, schemeEnd + 3) + "******" + url.substring(at);
		}
		return (at != -1) ? "******" + url.substring(at) : url;
	}

}
