package com.tradingboost.sample.devredis;

import java.util.LinkedHashMap;
import java.util.Map;

import com.tradingboost.redis.testsupport.LocalRedisServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * In the {@code dev} profile, stops and starts the Redis server the sample started itself, to watch an outage and the
 * recovery safely: without such a server (another Redis answered, or one was configured) it refuses with 409 and
 * touches nothing.
 */
@RestController
@RequestMapping("/dev/redis")
@Profile("dev")
class DevRedisController {

	private final ObjectProvider<LocalRedisServer> server;

	DevRedisController(ObjectProvider<LocalRedisServer> server) {
		this.server = server;
	}

	@PostMapping("/stop")
	Map<String, Object> stop() {
		LocalRedisServer server = ownServer();
		server.stop();
		return describe("stopped", server);
	}

	@PostMapping("/start")
	Map<String, Object> start() {
		LocalRedisServer server = ownServer();
		server.start();
		return describe("running", server);
	}

	private LocalRedisServer ownServer() {
		LocalRedisServer server = this.server.getIfUnique();
		if (server == null) {
			throw new ResponseStatusException(HttpStatus.CONFLICT, "The sample started no single Redis server of "
					+ "its own (one answered at the configured address, the connection was configured, or it started "
					+ "a Sentinel set or cluster), and it never stops a server it did not start");
		}
		return server;
	}

	private static Map<String, Object> describe(String state, LocalRedisServer server) {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("redis", state);
		description.put("address", server.host() + ":" + server.port());
		server.pid().ifPresent((pid) -> description.put("pid", pid));
		return description;
	}

}
