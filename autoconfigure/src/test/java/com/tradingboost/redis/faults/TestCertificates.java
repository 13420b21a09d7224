package com.tradingboost.redis.faults;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority and a server certificate it signed, made at test time with the JDK's {@code keytool} (run
 * as a subprocess) and written as PEM files: {@link #caCertificate()}, {@link #serverCertificate()} and
 * {@link #serverKey()} (unencrypted PKCS#8). The keystores' password is random, used only here and never printed.
 */
record TestCertificates(Path caCertificate, Path serverCertificate, Path serverKey) {

	/**
	 * Makes a CA and a server certificate for {@code serverDnsName} only (no IP address), valid for two days.
	 * @param dir where the files go
	 * @param serverDnsName the only subject alternative name of the server certificate
	 * @return the PEM files
	 */
	static TestCertificates generate(Path dir, String serverDnsName) throws IOException, InterruptedException {
		String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
		Path caStore = dir.resolve("ca.p12");
		Path serverStore = dir.resolve("server.p12");
		Path request = dir.resolve("server.csr");
		Path caCertificate = dir.resolve("ca.crt");
		Path serverCertificate = dir.resolve("server.crt");
		Path serverKey = dir.resolve("server.key");
		keytool(password, "-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname",
				"CN=TradingBoost fault-test CA", "-ext", "bc:c", "-ext", "KU=keyCertSign,cRLSign", "-validity", "2",
				"-storetype", "PKCS12", "-keystore", caStore.toString());
		keytool(password, "-exportcert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(), "-file",
				caCertificate.toString());
		keytool(password, "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname",
				"CN=" + serverDnsName, "-validity", "2", "-storetype", "PKCS12", "-keystore", serverStore.toString());
		keytool(password, "-certreq", "-alias", "server", "-keystore", serverStore.toString(), "-file",
				request.toString());
		keytool(password, "-gencert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(), "-infile",
				request.toString(), "-outfile", serverCertificate.toString(), "-validity", "2", "-ext",
				"SAN=dns:" + serverDnsName, "-ext", "KU=digitalSignature,keyEncipherment", "-ext", "EKU=serverAuth");
		try (InputStream in = Files.newInputStream(serverStore)) {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(in, password.toCharArray());
			Key key = store.getKey("server", password.toCharArray());
			String pem = "-----BEGIN PRIVATE KEY-----\n"
					+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
					+ "\n-----END PRIVATE KEY-----\n";
			Files.writeString(serverKey, pem, StandardCharsets.US_ASCII);
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IOException("Could not read the server key back from its keystore", ex);
		}
		return new TestCertificates(caCertificate, serverCertificate, serverKey);
	}

	private static void keytool(String password, String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.addAll(List.of(arguments));
		command.addAll(List.of("-storepass", password, "-noprompt"));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		process.getOutputStream().close();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IOException("keytool " + arguments[0] + " did not finish within 60 s");
		}
		if (process.exitValue() != 0) {
			// keytool's output names files and aliases, never the password it was given on the command line.
			throw new IOException("keytool " + arguments[0] + " failed (" + process.exitValue() + "): " + output);
		}
	}

}
