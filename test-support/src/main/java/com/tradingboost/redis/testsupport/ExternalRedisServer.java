package com.tradingboost.redis.testsupport;

import java.net.URI;
import java.net.URISyntaxException;

/** A server someone else runs, named by a {@code redis://} URL; the fixture only talks to it. */
final class ExternalRedisServer extends AbstractRedisServer {

	private final Endpoint endpoint;
	private final String source;

	private ExternalRedisServer(Endpoint endpoint, String source) {
		this.endpoint = endpoint;
		this.source = source;
	}

	/** Parses {@code redis://[[user]:password@]host[:port][/database]}; a lone user-info part is a password. */
	static ExternalRedisServer fromUrl(String url, String source) {
		URI uri;
		try {
			uri = new URI(url.trim());
		} catch (URISyntaxException e) {
			// Not the URI's own message or cause: both repeat the URL, password included.
			throw new IllegalArgumentException(source + " is not a valid redis:// URL: " + e.getReason());
		}
		if (!"redis".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
			throw new IllegalArgumentException(source + " must look like redis://[user:password@]host:port[/db]"
					+ " (rediss:// is not supported by the fixture), got scheme " + uri.getScheme());
		}
		String host = uri.getHost().replace("[", "").replace("]", "");
		int port = uri.getPort() == -1 ? 6379 : uri.getPort();
		String username = null;
		String password = null;
		String userInfo = uri.getUserInfo();
		if (userInfo != null) {
			int colon = userInfo.indexOf(':');
			username = colon > 0 ? userInfo.substring(0, colon) : null;
			password = colon >= 0 ? userInfo.substring(colon + 1) : userInfo;
		}
		String path = uri.getPath() == null ? "" : uri.getPath().replace("/", "");
		int database = path.isEmpty() ? 0 : Integer.parseInt(path);
		return new ExternalRedisServer(new Endpoint(host, port, username, password, database), source);
	}

	@Override
	Endpoint endpoint() {
		return endpoint;
	}

	@Override
	public String source() {
		return source;
	}

	@Override
	public boolean isControllable() {
		return false;
	}

	@Override
	public void stop() {
		throw notControllable("stop");
	}

	@Override
	public void kill() {
		throw notControllable("kill");
	}

	@Override
	public void start() {
		throw notControllable("start");
	}

	@Override
	public void pause() {
		throw notControllable("pause");
	}

	@Override
	public void resume() {
		throw notControllable("resume");
	}

	@Override
	public void close() {
		// Not started here, so nothing to stop.
	}

	private UnsupportedOperationException notControllable(String action) {
		return new UnsupportedOperationException("Cannot " + action + " the Redis server from " + source + " at "
				+ url() + ": the fixture did not start it. Use a local or Testcontainers server"
				+ " (e.g. @DedicatedRedisServer) for tests that break Redis.");
	}
}
