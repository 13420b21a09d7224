package com.tradingboost.redis.faults;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.tradingboost.redis.resilience.ResilienceTestApplication;
import com.tradingboost.redis.testsupport.LocalRedisServer;
import com.tradingboost.redis.testsupport.RedisServers;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * TLS against a real redis-server with a certificate authority made at test time: a client that trusts the CA
 * through a Spring Boot SSL bundle works; one without trust material, one that connects by a name the certificate
 * does not carry, one that speaks plain text to the TLS port and one that speaks TLS to the plain port each fail
 * with a connection exception (the first two naming the certificate problem), and none of them hangs. The server is
 * the redis-server on the PATH (or {@code REDIS_SERVER_BINARY}) with a TLS port beside its plain one; the test is
 * skipped where it has no TLS.
 */
class TlsFaultTests {

	/** Far above connect-timeout (5 s) and Netty's TLS handshake timeout (10 s): only a hang reaches it. */
	private static final Duration NO_HANG = Duration.ofSeconds(30);

	@TempDir
	static Path certificates;

	static LocalRedisServer server;

	static int tlsPort;

	private ConfigurableApplicationContext context;

	/** Why no TLS server runs here, if none does; each test is then skipped with it. */
	static String noTlsServer;

	@BeforeAll
	static void startTlsServer() throws Exception {
		if ("url".equalsIgnoreCase(System.getProperty(RedisServers.FIXTURE_PROPERTY, ""))) {
			noTlsServer = "TLS fault tests start a local redis-server, and only an external server is allowed ("
					+ RedisServers.FIXTURE_PROPERTY + "=url)";
			return;
		}
		TestCertificates pem = TestCertificates.generate(certificates, "localhost");
		IllegalStateException failure = null;
		for (int attempt = 0; attempt < 3 && server == null; attempt++) {
			tlsPort = freePort();
			try {
				// The plain port stays for the fixture's own PING and CLIENT LIST; clients use tlsPort.
				server = RedisServers.startFromPath("--tls-port", Integer.toString(tlsPort), "--tls-cert-file",
						pem.serverCertificate().toString(), "--tls-key-file", pem.serverKey().toString(),
						"--tls-ca-cert-file", pem.caCertificate().toString(), "--tls-auth-clients", "no");
			}
			catch (IllegalStateException ex) {
				failure = ex;
				if (!String.valueOf(ex.getMessage()).contains("in use")) {
					break;
				}
			}
		}
		if (server == null) {
			noTlsServer = "No redis-server with TLS support can run here (the one on the PATH, or "
					+ RedisServers.SERVER_BINARY_ENV + ", must be built with TLS): " + lastLines(failure);
		}
	}

	@BeforeEach
	void requireTlsServer() {
		Assumptions.assumeTrue(server != null, noTlsServer);
	}

	@AfterAll
	static void stopTlsServer() {
		if (server != null) {
			server.close();
		}
	}

	@AfterEach
	void closeApplication() {
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void aBundleWithTheGeneratedCaConnectsOverTls() {
		this.context = ResilienceTestApplication.run(server, trustingBundle("localhost", tlsPort));
		StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
		assertTimeoutPreemptively(NO_HANG, () -> {
			redis.opsForValue().set("tls:key", "over tls");
			assertThat(redis.opsForValue().get("tls:key")).isEqualTo("over tls");
			assertThat(redis.opsForValue().increment("tls:counter")).isEqualTo(1L);
		});
		// The plain-port client of the fixture sees what went over the TLS port.
		assertThat(server.execute("GET", "tls:key")).isEqualTo("over tls");
	}

	@Test
	void withoutTrustMaterialTheHandshakeFailsAndSaysTheCertificateIsNotTrusted() {
		this.context = ResilienceTestApplication.run(server, "tradingboost.redis.host=localhost",
				"tradingboost.redis.port=" + tlsPort, "tradingboost.redis.ssl.enabled=true");
		StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
		DataAccessException failure = failureOf(() -> redis.opsForValue().get("tls:key"));
		assertThat(failure).isInstanceOf(RedisConnectionFailureException.class);
		assertThat(causeOfType(failure, SSLHandshakeException.class)).as(chain(failure)).isNotNull();
		assertThat(chain(failure)).contains("PKIX path building failed");
	}

	@Test
	void aHostNameTheCertificateDoesNotNameFailsTheHandshake() {
		// The certificate names localhost only; 127.0.0.1 is the same server, reached by a name it does not carry.
		this.context = ResilienceTestApplication.run(server, trustingBundle("127.0.0.1", tlsPort));
		StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
		DataAccessException failure = failureOf(() -> redis.opsForValue().get("tls:key"));
		assertThat(failure).isInstanceOf(RedisConnectionFailureException.class);
		assertThat(causeOfType(failure, SSLHandshakeException.class)).as(chain(failure)).isNotNull();
		assertThat(chain(failure)).contains("No subject alternative names matching IP address 127.0.0.1");
	}

	@Test
	void plainTextToTheTlsPortFailsAsNotConnected() {
		this.context = ResilienceTestApplication.run(server, "tradingboost.redis.host=localhost",
				"tradingboost.redis.port=" + tlsPort, "tradingboost.redis.ssl.enabled=false");
		StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
		DataAccessException failure = failureOf(() -> redis.opsForValue().set("tls:plain-text", "x"));
		assertThat(failure).as(chain(failure)).isInstanceOf(RedisConnectionFailureException.class);
		assertThat(chain(failure)).contains("Unable to connect to localhost");
		assertThat(server.execute("EXISTS", "tls:plain-text")).isEqualTo(0L);
	}

	@Test
	void tlsToThePlainPortFailsToConnectWithinTheCommandTimeout() {
		this.context = ResilienceTestApplication.run(server, trustingBundle("localhost", server.port()));
		StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
		DataAccessException failure = failureOf(() -> redis.opsForValue().set("tls:plain", "x"));
		// The plain server waits for a line that the ClientHello never ends: the connection's initialization (HELLO)
		// times out after command-timeout, and the failure says it could not connect.
		assertThat(failure).isInstanceOf(RedisConnectionFailureException.class);
		assertThat(chain(failure)).contains("Unable to connect to localhost");
		assertThat(server.execute("EXISTS", "tls:plain")).isEqualTo(0L);
	}

	/** Runs a command that must fail, within {@link #NO_HANG}, and returns its exception. */
	private static DataAccessException failureOf(Runnable command) {
		return assertTimeoutPreemptively(NO_HANG, () -> {
			List<DataAccessException> failures = new ArrayList<>();
			assertThatExceptionOfType(DataAccessException.class).isThrownBy(command::run).satisfies(failures::add);
			return failures.get(0);
		});
	}

	private static String[] trustingBundle(String host, int port) {
		return new String[] { "tradingboost.redis.host=" + host, "tradingboost.redis.port=" + port,
				"spring.ssl.bundle.pem.fault-ca.truststore.certificate=file:" + certificates.resolve("ca.crt"),
				"tradingboost.redis.ssl.bundle=fault-ca" };
	}

	private static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	private static String chain(Throwable failure) {
		StringBuilder chain = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			chain.append((cause == failure) ? "" : " <- ").append(cause.getClass().getName()).append(": ")
				.append(cause.getMessage());
		}
		return chain.toString();
	}

	private static String lastLines(Throwable failure) {
		if (failure == null) {
			return "";
		}
		List<String> lines = String.valueOf(failure.getMessage()).lines().toList();
		return String.join(" | ", lines.subList(Math.max(0, lines.size() - 4), lines.size()));
	}

	/** A port on 127.0.0.1 that is free now, below the ephemeral range so outgoing connections do not take it. */
	private static int freePort() throws IOException {
		InetAddress loopback = InetAddress.getByName("127.0.0.1");
		for (int attempt = 0; attempt < 100; attempt++) {
			int candidate = ThreadLocalRandom.current().nextInt(20000, 32000);
			try (ServerSocket socket = new ServerSocket()) {
				socket.setReuseAddress(false);
				socket.bind(new InetSocketAddress(loopback, candidate), 1);
				return candidate;
			}
			catch (IOException taken) {
				// try another
			}
		}
		throw new IOException("no free port on 127.0.0.1 between 20000 and 32000");
	}

}
