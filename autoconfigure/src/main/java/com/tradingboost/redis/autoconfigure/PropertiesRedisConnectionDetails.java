package com.tradingboost.redis.autoconfigure;

import java.util.List;

import com.tradingboost.redis.connection.RedisUrl;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * {@link DataRedisConnectionDetails} built from the settings of one instance ({@code tradingboost.redis.*}, which
 * already include the {@code spring.data.redis.*} and {@code REDIS_*} aliases).
 */
final class PropertiesRedisConnectionDetails implements DataRedisConnectionDetails {

	private final RedisInstanceProperties properties;

	private final @Nullable SslBundles sslBundles;

	private final @Nullable RedisUrl url;

	PropertiesRedisConnectionDetails(RedisInstanceProperties properties, @Nullable SslBundles sslBundles) {
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
	public @Nullable Sentinel getSentinel() {
		RedisInstanceProperties.Sentinel sentinel = this.properties.getSentinel();
		if (sentinel.getMaster() == null) {
			return null;
		}
		String master = sentinel.getMaster();
		List<Node> nodes = nodes(sentinel.getNodes());
		int database = getStandalone().getDatabase();
		return new Sentinel() {

			@Override
			public int getDatabase() {
				return database;
			}

			@Override
			public String getMaster() {
				return master;
			}

			@Override
			public List<Node> getNodes() {
				return nodes;
			}

			@Override
			public @Nullable String getUsername() {
				return sentinel.getUsername();
			}

			@Override
			public @Nullable String getPassword() {
				return sentinel.getPassword();
			}

		};
	}

	@Override
	public @Nullable Cluster getCluster() {
		List<Node> nodes = nodes(this.properties.getCluster().getNodes());
		return nodes.isEmpty() ? null : () -> nodes;
	}

	@Override
	public @Nullable MasterReplica getMasterReplica() {
		List<Node> nodes = nodes(this.properties.getMasterReplica().getNodes());
		return nodes.isEmpty() ? null : () -> nodes;
	}

	@Override
	public @Nullable SslBundle getSslBundle() {
		RedisInstanceProperties.Ssl ssl = this.properties.getSsl();
		// As in Spring Boot, a rediss:// URL means TLS whatever ssl.enabled says.
		boolean urlWantsSsl = this.url != null && this.url.ssl();
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
	 * Describes the target for logs, without credentials.
	 * @return the description
	 */
	String describe() {
		String scheme = (getSslBundle() != null) ? "rediss" : "redis";
		Sentinel sentinel = getSentinel();
		if (sentinel != null) {
			return "sentinel master '" + sentinel.getMaster() + "' via " + addresses(sentinel.getNodes());
		}
		Cluster cluster = getCluster();
		if (cluster != null) {
			return "cluster " + scheme + " seeds " + addresses(cluster.getNodes());
		}
		MasterReplica masterReplica = getMasterReplica();
		if (masterReplica != null) {
			return "master/replica " + scheme + " " + addresses(masterReplica.getNodes());
		}
		if (this.url != null) {
			return this.url.toSafeString();
		}
		Standalone standalone = getStandalone();
		return scheme + "://" + standalone.getHost() + ":" + standalone.getPort() + "/" + standalone.getDatabase();
	}

	static String addresses(List<Node> nodes) {
		return nodes.stream().map((node) -> node.host() + ":" + node.port()).toList().toString();
	}

	/**
	 * Parses {@code host:port} pairs; the validator has already refused malformed ones, naming the property.
	 * @param nodes the pairs
	 * @return the nodes
	 */
	static List<Node> nodes(List<String> nodes) {
		return nodes.stream().map(String::trim).map(PropertiesRedisConnectionDetails::node).toList();
	}

	static Node node(String node) {
		int colon = node.lastIndexOf(':');
		if (colon <= 0 || colon == node.length() - 1) {
			throw new IllegalArgumentException("'" + node + "' is not host:port");
		}
		String host = node.substring(0, colon);
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		int port;
		try {
			port = Integer.parseInt(node.substring(colon + 1));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("'" + node + "' has no numeric port");
		}
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("'" + node + "' has a port outside 1-65535");
		}
		return new Node(host, port);
	}

}
