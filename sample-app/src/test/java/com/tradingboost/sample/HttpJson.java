package com.tradingboost.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Calls the running sample app over real HTTP.
 */
final class HttpJson {

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private HttpJson() {
	}

	static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(port, path)).GET());
	}

	static HttpResponse<String> getWithin(int port, String path, Duration timeout)
			throws IOException, InterruptedException {
		return client.send(HttpRequest.newBuilder(uri(port, path)).GET().timeout(timeout).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	static HttpResponse<String> put(int port, String path, String json) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(port, path))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json)));
	}

	static HttpResponse<String> post(int port, String path, String json) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(port, path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(int port, String path) {
		return URI.create("http://127.0.0.1:" + port + path);
	}

}
