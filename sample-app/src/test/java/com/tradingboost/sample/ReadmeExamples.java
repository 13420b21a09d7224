package com.tradingboost.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code $ curl} examples of the README with the output they show, and a check that a live response has the same
 * status and the same shape (field names and kinds of value, not the values).
 */
final class ReadmeExamples {

	static final Path README = Path.of("..", "README.md");

	private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 (\\d{3})");

	private static final Pattern HOST = Pattern.compile("(?:http://)?localhost:8080(/.*)");

	private static final JsonMapper json = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private ReadmeExamples() {
	}

	static String readme() {
		try {
			return Files.readString(README);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Every {@code $ curl} line inside a fenced block, in the README's order, with the lines it is shown to print (up
	 * to a blank line, the next {@code $ } line or the end of the block).
	 */
	static List<Example> curlExamples() {
		List<Example> examples = new ArrayList<>();
		String[] lines = readme().split("\n", -1);
		String section = "";
		boolean fenced = false;
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i];
			if (!fenced && line.startsWith("#")) {
				section = line.replaceFirst("^#+\\s*", "");
			}
			if (line.stripLeading().startsWith("```")) {
				fenced = !fenced;
				continue;
			}
			if (fenced && line.stripLeading().startsWith("$ curl ")) {
				List<String> output = new ArrayList<>();
				int j = i + 1;
				while (j < lines.length && !lines[j].isBlank() && !lines[j].stripLeading().startsWith("$ ")
						&& !lines[j].stripLeading().startsWith("```")) {
					output.add(lines[j]);
					j++;
				}
				examples.add(Example.parse(section, i + 1, line.stripLeading().substring(2), output));
				i = j - 1;
			}
		}
		return examples;
	}

	/**
	 * The rows of the first table under a heading, each as its cells.
	 * @param heading the heading's text
	 * @return the rows after the header and the separator
	 */
	static List<List<String>> tableUnder(String heading) {
		List<List<String>> rows = new ArrayList<>();
		boolean inSection = false;
		for (String line : readme().split("\n", -1)) {
			if (line.startsWith("#")) {
				inSection = line.replaceFirst("^#+\\s*", "").equals(heading);
			}
			else if (inSection && line.startsWith("|")) {
				List<String> cells = List.of(line.substring(1, line.length() - 1).split("(?<!\\\\)\\|"));
				rows.add(cells.stream().map(String::strip).toList());
			}
			else if (inSection && !rows.isEmpty()) {
				break;
			}
		}
		if (rows.size() < 3) {
			throw new IllegalStateException("No table under '" + heading + "' in " + README);
		}
		return rows.subList(2, rows.size());
	}

	/**
	 * The text between backquotes in a cell.
	 * @param cell the cell
	 * @return each quoted text
	 */
	static List<String> quoted(String cell) {
		List<String> quoted = new ArrayList<>();
		Matcher matcher = Pattern.compile("`([^`]+)`").matcher(cell);
		while (matcher.find()) {
			quoted.add(matcher.group(1));
		}
		return quoted;
	}

	/**
	 * The properties of the first {@code properties} block under a heading.
	 * @param heading the heading's text
	 * @return the properties in their order
	 */
	static Map<String, String> propertiesUnder(String heading) {
		String[] lines = readme().split("\n", -1);
		boolean inSection = false;
		boolean inBlock = false;
		Map<String, String> properties = new LinkedHashMap<>();
		for (String line : lines) {
			if (line.startsWith("#") && !inBlock) {
				if (inSection && !properties.isEmpty()) {
					break;
				}
				inSection = line.replaceFirst("^#+\\s*", "").equals(heading);
			}
			else if (inSection && line.strip().equals("```properties")) {
				inBlock = true;
			}
			else if (inBlock && line.strip().startsWith("```")) {
				return properties;
			}
			else if (inBlock && !line.isBlank() && !line.strip().startsWith("#")) {
				int equals = line.indexOf('=');
				properties.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
			}
		}
		throw new IllegalStateException("No properties block under '" + heading + "' in " + README);
	}

	/**
	 * Runs an example until the response has the status and shape shown, or {@code patience} has passed.
	 * @param example the example
	 * @param port where the application listens
	 * @param patience how long to try
	 * @return the last live output, for the record
	 */
	static String assertMatches(Example example, int port, Duration patience) throws InterruptedException {
		long deadline = System.nanoTime() + patience.toNanos();
		List<String> differences;
		HttpResponse<String> response = null;
		do {
			try {
				response = example.send(port);
				differences = example.differences(response);
			}
			catch (IOException ex) {
				differences = List.of("request failed: " + ex);
			}
			if (differences.isEmpty()) {
				return example.liveOutput(response);
			}
			Thread.sleep(250);
		}
		while (System.nanoTime() < deadline);
		throw new AssertionError("README.md line " + example.line() + " (" + example.section() + "): "
				+ example.command() + "\n  differs from the live response "
				+ ((response != null) ? example.liveOutput(response) : "(none)")
				+ "\n  " + String.join("\n  ", differences));
	}

	/**
	 * One {@code $ curl} example.
	 *
	 * @param section the heading it is under
	 * @param line its line in the README
	 * @param command the command as written
	 * @param method the HTTP method
	 * @param path the path and query
	 * @param headers the request headers
	 * @param body the request body, or {@code null}
	 * @param grep the pattern the output is filtered with, or {@code null}
	 * @param status the status shown ({@code -i}) or 200
	 * @param output the output shown after the status line
	 */
	record Example(String section, int line, String command, String method, String path, Map<String, String> headers,
			String body, String grep, int status, String output) {

		static Example parse(String section, int line, String command, List<String> shown) {
			List<String> tokens = tokens(command);
			String method = null;
			String path = null;
			String body = null;
			String grep = null;
			boolean includeStatus = false;
			boolean statusOnly = false;
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < tokens.size(); i++) {
				String token = tokens.get(i);
				switch (token) {
					case "-s" -> {
					}
					case "-i" -> includeStatus = true;
					case "-X" -> method = tokens.get(++i);
					case "-H" -> {
						String header = tokens.get(++i);
						int colon = header.indexOf(':');
						headers.put(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
					}
					case "-d" -> body = tokens.get(++i);
					case "-o" -> {
						if (!tokens.get(++i).equals("/dev/null")) {
							throw new IllegalStateException("README.md line " + line + ": only '-o /dev/null' is understood");
						}
					}
					case "-w" -> {
						if (!tokens.get(++i).equals("%{http_code}\\n")) {
							throw new IllegalStateException("README.md line " + line + ": only -w '%{http_code}\\n' is understood");
						}
						statusOnly = true;
					}
					case "|" -> {
						if (!tokens.get(i + 1).equals("grep")) {
							throw new IllegalStateException("README.md line " + line + ": only '| grep' is understood");
						}
						grep = tokens.get(tokens.size() - 1);
						i = tokens.size();
					}
					default -> {
						Matcher url = HOST.matcher(token);
						if (!url.matches()) {
							throw new IllegalStateException("README.md line " + line + ": unexpected '" + token + "'");
						}
						path = url.group(1);
					}
				}
			}
			if (path == null) {
				throw new IllegalStateException("README.md line " + line + ": no localhost:8080 URL");
			}
			int status = 200;
			List<String> output = new ArrayList<>(shown);
			if (statusOnly) {
				if (output.size() != 1 || !output.get(0).strip().matches("\\d{3}")) {
					throw new IllegalStateException("README.md line " + line + ": -w '%{http_code}' without a status");
				}
				status = Integer.parseInt(output.remove(0).strip());
			}
			else if (includeStatus) {
				Matcher statusLine = STATUS_LINE.matcher((output.isEmpty()) ? "" : output.remove(0).strip());
				if (!statusLine.matches()) {
					throw new IllegalStateException("README.md line " + line + ": curl -i without 'HTTP/1.1 <status>'");
				}
				status = Integer.parseInt(statusLine.group(1));
			}
			method = (method != null) ? method : ((body != null) ? "POST" : "GET");
			return new Example(section, line, command, method, path, headers, body, grep, status,
					String.join("\n", output));
		}

		/** Splits like a shell: blanks separate, single or double quotes group; {@code #} starts a comment. */
		private static List<String> tokens(String command) {
			List<String> tokens = new ArrayList<>();
			StringBuilder token = null;
			char quote = 0;
			for (int i = 0; i < command.length(); i++) {
				char c = command.charAt(i);
				if (quote != 0) {
					if (c == quote) {
						quote = 0;
					}
					else {
						token.append(c);
					}
				}
				else if (c == '\'' || c == '"') {
					quote = c;
					token = (token != null) ? token : new StringBuilder();
				}
				else if (Character.isWhitespace(c)) {
					if (token != null) {
						tokens.add(token.toString());
						token = null;
					}
				}
				else if (c == '#' && token == null) {
					break;
				}
				else {
					token = (token != null) ? token : new StringBuilder();
					token.append(c);
				}
			}
			if (token != null) {
				tokens.add(token.toString());
			}
			return tokens;
		}

		HttpResponse<String> send(int port) throws IOException, InterruptedException {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + this.path))
				.timeout(Duration.ofSeconds(10))
				.method(this.method, (this.body != null) ? HttpRequest.BodyPublishers.ofString(this.body)
						: HttpRequest.BodyPublishers.noBody());
			this.headers.forEach(request::header);
			return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}

		/** The status and what the command prints of the body. */
		String liveOutput(HttpResponse<String> response) {
			String body = response.body();
			if (this.grep != null) {
				Pattern pattern = Pattern.compile(this.grep);
				body = String.join("\n", body.lines().filter((l) -> pattern.matcher(l).find()).toList());
			}
			return response.statusCode() + "\n" + body;
		}

		List<String> differences(HttpResponse<String> response) {
			List<String> differences = new ArrayList<>();
			if (response.statusCode() != this.status) {
				differences.add("status " + response.statusCode() + ", the README shows " + this.status);
				return differences;
			}
			if (this.grep != null) {
				Pattern pattern = Pattern.compile(this.grep);
				Set<String> live = series(response.body().lines().filter((l) -> pattern.matcher(l).find()).toList());
				Set<String> shown = series(this.output.lines().toList());
				if (!live.equals(shown)) {
					differences.add("series " + live + ", the README shows " + shown);
				}
				return differences;
			}
			if (this.output.isBlank()) {
				return differences;
			}
			Object shown;
			try {
				shown = json.readValue(this.output, Object.class);
			}
			catch (JacksonException ex) {
				throw new IllegalStateException("README.md line " + this.line + ": the output shown is not JSON: "
						+ ex.getOriginalMessage());
			}
			Object live;
			try {
				live = json.readValue(response.body(), Object.class);
			}
			catch (JacksonException ex) {
				differences.add("the live body is not JSON");
				return differences;
			}
			compare("$", shown, live, differences);
			return differences;
		}

		/** The series of Prometheus sample lines: everything but the value. */
		private static Set<String> series(List<String> lines) {
			Set<String> series = new LinkedHashSet<>();
			lines.stream().map(String::strip).filter((l) -> !l.isEmpty()).forEach((l) -> series.add(l.replaceFirst("\\s+\\S+$", "")));
			return series;
		}

		private static void compare(String path, Object shown, Object live, List<String> differences) {
			if (shown instanceof Map<?, ?> shownObject && live instanceof Map<?, ?> liveObject) {
				for (Object key : shownObject.keySet()) {
					if (!liveObject.containsKey(key)) {
						differences.add(path + "." + key + ": shown in the README, not in the live response");
					}
					else {
						compare(path + "." + key, shownObject.get(key), liveObject.get(key), differences);
					}
				}
				for (Object key : liveObject.keySet()) {
					if (!shownObject.containsKey(key)) {
						differences.add(path + "." + key + ": in the live response, not shown in the README");
					}
				}
			}
			else if (shown instanceof List<?> shownArray && live instanceof List<?> liveArray) {
				if (!liveArray.isEmpty()) {
					for (int i = 0; i < shownArray.size(); i++) {
						compare(path + "[" + i + "]", shownArray.get(i), liveArray.get(Math.min(i, liveArray.size() - 1)),
								differences);
					}
				}
			}
			else if (!kind(shown).equals(kind(live))) {
				differences.add(path + ": " + kind(live) + " in the live response, " + kind(shown) + " in the README");
			}
		}

		private static String kind(Object value) {
			if (value == null) {
				return "null";
			}
			if (value instanceof Map) {
				return "object";
			}
			if (value instanceof List) {
				return "array";
			}
			if (value instanceof Number) {
				return "number";
			}
			if (value instanceof Boolean) {
				return "boolean";
			}
			return "string";
		}

	}

}
