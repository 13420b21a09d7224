package com.tradingboost.redis.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A minimal blocking RESP2 client connection, named {@value #CLIENT_NAME} so it can be left out of client lists. */
final class RespConnection implements Closeable {

	static final String CLIENT_NAME = "tb-fixture";

	private final Socket socket;
	private final InputStream in;
	private final OutputStream out;
	private final Endpoint endpoint;

	private RespConnection(Socket socket, Endpoint endpoint) throws IOException {
		this.socket = socket;
		this.in = new BufferedInputStream(socket.getInputStream());
		this.out = socket.getOutputStream();
		this.endpoint = endpoint;
	}

	static Object execute(Endpoint endpoint, Duration timeout, String... command) {
		try (RespConnection connection = open(endpoint, timeout)) {
			return connection.call(command);
		}
	}

	static RespConnection open(Endpoint endpoint, Duration timeout) {
		Socket socket = new Socket();
		try {
			int millis = Math.toIntExact(timeout.toMillis());
			socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), millis);
			socket.setSoTimeout(millis);
			socket.setTcpNoDelay(true);
			RespConnection connection = new RespConnection(socket, endpoint);
			connection.handshake();
			return connection;
		} catch (IOException e) {
			closeQuietly(socket);
			throw failure(endpoint, e);
		} catch (RuntimeException e) {
			closeQuietly(socket);
			throw e;
		}
	}

	Object call(String... command) {
		try {
			out.write(encode(command));
			out.flush();
			return read();
		} catch (IOException e) {
			throw failure(endpoint, e);
		}
	}

	@Override
	public void close() {
		closeQuietly(socket);
	}

	private void handshake() {
		if (endpoint.password() != null) {
			if (endpoint.username() != null) {
				call("AUTH", endpoint.username(), endpoint.password());
			} else {
				call("AUTH", endpoint.password());
			}
		}
		if (endpoint.database() != 0) {
			call("SELECT", Integer.toString(endpoint.database()));
		}
		try {
			call("CLIENT", "SETNAME", CLIENT_NAME);
		} catch (RedisCommandException e) {
			// Some managed servers forbid CLIENT; the fixture still works, its connections just show up in lists.
		}
	}

	private static byte[] encode(String... command) {
		ByteArrayOutputStream buffer = new ByteArrayOutputStream();
		writeAscii(buffer, "*" + command.length + "\r\n");
		for (String argument : command) {
			byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
			writeAscii(buffer, "$" + bytes.length + "\r\n");
			buffer.writeBytes(bytes);
			writeAscii(buffer, "\r\n");
		}
		return buffer.toByteArray();
	}

	private static void writeAscii(ByteArrayOutputStream buffer, String text) {
		buffer.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
	}

	private Object read() throws IOException {
		int type = in.read();
		if (type == -1) {
			throw new EOFException("connection closed by server");
		}
		String line = readLine();
		switch (type) {
			case '+':
				return line;
			case '-':
				throw new RedisCommandException(line);
			case ':':
				return Long.parseLong(line);
			case '$':
				return readBulk(Integer.parseInt(line));
			case '*':
				return readArray(Integer.parseInt(line));
			default:
				throw new IOException("unexpected RESP type '" + (char) type + "' followed by " + line);
		}
	}

	private String readBulk(int length) throws IOException {
		if (length < 0) {
			return null;
		}
		byte[] bytes = in.readNBytes(length);
		if (bytes.length < length) {
			throw new EOFException("connection closed in the middle of a reply");
		}
		readLine();
		return new String(bytes, StandardCharsets.UTF_8);
	}

	private List<Object> readArray(int count) throws IOException {
		if (count < 0) {
			return null;
		}
		List<Object> items = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			items.add(read());
		}
		return items;
	}

	private String readLine() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int previous = -1;
		while (true) {
			int next = in.read();
			if (next == -1) {
				throw new EOFException("connection closed in the middle of a reply");
			}
			if (previous == '\r' && next == '\n') {
				byte[] bytes = line.toByteArray();
				return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
			}
			line.write(next);
			previous = next;
		}
	}

	private static UncheckedIOException failure(Endpoint endpoint, IOException cause) {
		return new UncheckedIOException("Redis at " + endpoint.address() + ": " + cause, cause);
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		} catch (IOException ignored) {
			// nothing useful to do
		}
	}
}
