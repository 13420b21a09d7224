package com.tradingboost.redis.testsupport;

import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point that finds or starts a real Redis server: {@code REDIS_URL}, then Testcontainers, then
 * {@code redis-server} on the PATH, then the binary bundled in embedded-redis.
 *
 * <p>It also starts a {@link RedisSentinelSet} and a {@link RedisClusterServers} from local redis-server processes.
 *
 * <p>Works without JUnit and without Testcontainers on the classpath. Every server it starts is closed by a JVM
 * shutdown hook if the caller does not close it, and killed by a watchdog if the JVM dies abruptly.
 */
public final class RedisServers {

	/** System property forcing one kind of server: {@code url}, {@code testcontainers}, {@code path} or {@code embedded}. */
	public static final String FIXTURE_PROPERTY = "tradingboost.redis.fixture";

	/** System property naming the redis-server executable to use instead of searching the PATH. */
	public static final String SERVER_BINARY_PROPERTY = "tradingboost.redis.server-binary";

	/** Environment variable naming the redis-server executable, used when the system property is not set. */
	public static final String SERVER_BINARY_ENV = "REDIS_SERVER_BINARY";

	/** Environment variable naming an external server, {@code redis://[user:password@]host:port[/db]}. */
	public static final String REDIS_URL_ENV = "REDIS_URL";

	private static final Logger log = LoggerFactory.getLogger(RedisServers.class);
	private static final String DOCKER_CLIENT_FACTORY = "org.testcontainers.DockerClientFactory";
	private static volatile Boolean dockerAvailable;

	private RedisServers() {
	}

	/** The first available server in the documented order, or the kind forced by {@value #FIXTURE_PROPERTY}. */
	public static RedisServer obtain() {
		Optional<RedisServerKind> forced = RedisServerKind.forced();
		if (forced.isPresent()) {
			return obtain(forced.get());
		}
		if (redisUrl().isPresent()) {
			return obtain(RedisServerKind.URL);
		}
		if (dockerAvailable()) {
			return obtain(RedisServerKind.TESTCONTAINERS);
		}
		return startLocal();
	}

	/** A server of exactly this kind; throws {@link IllegalStateException} if that kind is not available here. */
	public static RedisServer obtain(RedisServerKind kind) {
		switch (kind) {
			case URL:
				return announce(ExternalRedisServer.fromUrl(redisUrl().orElseThrow(() -> new IllegalStateException(
						"Redis fixture forced to 'url' but the " + REDIS_URL_ENV + " environment variable is not set")),
						REDIS_URL_ENV));
			case TESTCONTAINERS:
				if (!dockerAvailable()) {
					throw new IllegalStateException("Redis fixture forced to 'testcontainers' but "
							+ (testcontainersPresent() ? "no Docker engine answers" : "Testcontainers is not on the classpath"));
				}
				return announce(ContainerRedisServer.launch());
			case PATH:
				return startFromPath();
			case EMBEDDED:
				return startEmbedded();
			default:
				throw new IllegalArgumentException("unknown kind " + kind);
		}
	}

	/**
	 * A fresh server this fixture can stop, kill and pause: a local process (PATH, else bundled binary), else a
	 * container; empty when only an external server is allowed ({@value #FIXTURE_PROPERTY}{@code =url}) or nothing
	 * controllable exists on this machine. {@code REDIS_URL} alone does not prevent starting a local process.
	 */
	public static Optional<RedisServer> obtainControllable() {
		Optional<RedisServerKind> forced = RedisServerKind.forced();
		if (forced.isPresent()) {
			return forced.get() == RedisServerKind.URL ? Optional.empty() : Optional.of(obtain(forced.get()));
		}
		if (!isWindows() && (RedisBinary.configuredOrOnPath().isPresent() || RedisBinary.bundled().isPresent())) {
			return Optional.of(startLocal());
		}
		if (dockerAvailable()) {
			return Optional.of(obtain(RedisServerKind.TESTCONTAINERS));
		}
		return Optional.empty();
	}

	/**
	 * Starts a redis-server child process on 127.0.0.1: the one on the PATH (or configured), else the bundled one.
	 *
	 * @param extraArgs extra command-line options, e.g. {@code "--requirepass", "secret"}
	 */
	public static LocalRedisServer startLocal(String... extraArgs) {
		Optional<RedisBinary> binary = RedisBinary.configuredOrOnPath().or(RedisBinary::bundled);
		return launch(binary.orElseThrow(() -> new IllegalStateException("No redis-server on the PATH and no binary"
				+ " bundled for " + platform() + "; install Redis, set " + SERVER_BINARY_ENV + ", or set " + REDIS_URL_ENV)),
				extraArgs);
	}

	/** Starts the redis-server found on the PATH, or the one named by {@value #SERVER_BINARY_PROPERTY}/{@value #SERVER_BINARY_ENV}. */
	public static LocalRedisServer startFromPath(String... extraArgs) {
		return launch(RedisBinary.configuredOrOnPath().orElseThrow(() -> new IllegalStateException(
				"No redis-server on the PATH; install Redis or set " + SERVER_BINARY_PROPERTY + " or " + SERVER_BINARY_ENV)),
				extraArgs);
	}

	/** Starts the redis-server binary bundled in the embedded-redis jar for this operating system and CPU. */
	public static LocalRedisServer startEmbedded(String... extraArgs) {
		return launch(RedisBinary.bundled().orElseThrow(() -> new IllegalStateException(
				"embedded-redis bundles no redis-server for " + platform())), extraArgs);
	}

	/** Starts a {@link RedisSentinelSet} whose sentinels monitor {@value RedisSentinelSet#DEFAULT_MASTER_NAME}. */
	public static RedisSentinelSet startSentinelSet() {
		return startSentinelSet(RedisSentinelSet.DEFAULT_MASTER_NAME);
	}

	/**
	 * Starts one master, one replica and three sentinels as child processes on 127.0.0.1 and returns once the
	 * sentinels see both data nodes and each other. Runs the executable {@link #startLocal(String...)} would, or the
	 * one forced by {@value #FIXTURE_PROPERTY}{@code =path|embedded}.
	 */
	public static RedisSentinelSet startSentinelSet(String masterName) {
		long started = System.nanoTime();
		RedisSentinelSet set = RedisSentinelSet.launch(topologyBinary("sentinel set"), masterName);
		log.info("Redis fixture: {} ready in {} ms", set, (System.nanoTime() - started) / 1_000_000);
		return set;
	}

	/**
	 * Starts a {@link RedisClusterServers} of three masters and three replicas as child processes on 127.0.0.1 and
	 * returns once every node reports {@code cluster_state:ok}. Runs the executable {@link #startLocal(String...)}
	 * would, or the one forced by {@value #FIXTURE_PROPERTY}{@code =path|embedded}.
	 */
	public static RedisClusterServers startCluster() {
		long started = System.nanoTime();
		RedisClusterServers cluster = RedisClusterServers.launch(topologyBinary("cluster"));
		log.info("Redis fixture: {} ready in {} ms", cluster, (System.nanoTime() - started) / 1_000_000);
		return cluster;
	}

	/**
	 * The executable for sentinel sets and clusters: forced by {@code path} or {@code embedded}, none for {@code url}
	 * or on Windows, else the one on the PATH (or configured), else the bundled one.
	 */
	static Optional<RedisBinary> topologyBinary() {
		Optional<RedisServerKind> forced = RedisServerKind.forced();
		if (isWindows() || forced.equals(Optional.of(RedisServerKind.URL))) {
			return Optional.empty();
		}
		if (forced.equals(Optional.of(RedisServerKind.EMBEDDED))) {
			return RedisBinary.bundled();
		}
		if (forced.equals(Optional.of(RedisServerKind.PATH))) {
			return RedisBinary.configuredOrOnPath();
		}
		return RedisBinary.configuredOrOnPath().or(RedisBinary::bundled);
	}

	private static RedisBinary topologyBinary(String topology) {
		return topologyBinary().orElseThrow(() -> new IllegalStateException("Cannot start a Redis " + topology + ": "
				+ (RedisServerKind.forced().equals(Optional.of(RedisServerKind.URL))
						? FIXTURE_PROPERTY + "=url allows only an external server"
						: "it needs local redis-server processes and there is no usable executable for " + platform())));
	}

	private static LocalRedisServer launch(RedisBinary binary, String... extraArgs) {
		return announce(LocalRedisServer.launch(binary, List.of(extraArgs)));
	}

	private static <T extends RedisServer> T announce(T server) {
		log.info("Redis fixture: {} at {}", server.source(), server.url());
		return server;
	}

	private static Optional<String> redisUrl() {
		return Optional.ofNullable(System.getenv(REDIS_URL_ENV)).filter(url -> !url.isBlank());
	}

	private static boolean dockerAvailable() {
		Boolean available = dockerAvailable;
		if (available == null) {
			available = testcontainersPresent() && ContainerRedisServer.dockerAvailable();
			dockerAvailable = available;
		}
		return available;
	}

	private static boolean testcontainersPresent() {
		try {
			Class.forName(DOCKER_CLIENT_FACTORY, false, RedisServers.class.getClassLoader());
			return true;
		} catch (ClassNotFoundException | LinkageError e) {
			return false;
		}
	}

	private static boolean isWindows() {
		return System.getProperty("os.name", "").startsWith("Windows");
	}

	private static String platform() {
		return System.getProperty("os.name") + "/" + System.getProperty("os.arch");
	}
}
