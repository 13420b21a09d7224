package com.tradingboost.sample.settings;

import java.util.List;
import java.util.stream.Stream;

import com.tradingboost.redis.ops.RedisKeyScanner;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lists the users that have settings, by SCAN (never KEYS).
 */
@RestController
class UserDirectoryController {

	private static final String PREFIX = "user:settings:";

	private final RedisKeyScanner<String> scanner;

	UserDirectoryController(RedisKeyScanner<String> scanner) {
		this.scanner = scanner;
	}

	@GetMapping("/users")
	List<String> users(@RequestParam(defaultValue = "100") long limit) {
		try (Stream<String> keys = this.scanner.scan(PREFIX + "*", 500, limit)) {
			return keys.map((key) -> key.substring(PREFIX.length())).sorted().toList();
		}
	}

}
