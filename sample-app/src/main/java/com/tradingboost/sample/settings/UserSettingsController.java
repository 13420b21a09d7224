package com.tradingboost.sample.settings;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.tradingboost.redis.ops.RedisTtlPresets;

import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Stores each user's settings as a Redis hash that expires after the user-settings TTL.
 */
@RestController
@RequestMapping("/users/{userId}/settings")
class UserSettingsController {

	private final StringRedisTemplate redis;

	private final Duration ttl;

	UserSettingsController(StringRedisTemplate redis, RedisTtlPresets ttl) {
		this.redis = redis;
		this.ttl = ttl.userSettings();
	}

	@PutMapping
	ResponseEntity<Map<String, Object>> save(@PathVariable String userId, @RequestBody Map<String, String> settings) {
		if (settings.isEmpty()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "settings must not be empty");
		}
		String key = key(userId);
		this.redis.execute(new ReplaceHashWithTtl(key, settings, this.ttl));
		return ResponseEntity.ok(view(userId));
	}

	@GetMapping
	ResponseEntity<Map<String, Object>> read(@PathVariable String userId) {
		Map<String, Object> view = view(userId);
		return ((Map<?, ?>) view.get("settings")).isEmpty() ? ResponseEntity.notFound().build()
				: ResponseEntity.ok(view);
	}

	private Map<String, Object> view(String userId) {
		String key = key(userId);
		Map<Object, Object> settings = this.redis.opsForHash().entries(key);
		Long ttlSeconds = this.redis.getExpire(key);
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("userId", userId);
		view.put("settings", settings);
		view.put("ttlSeconds", ttlSeconds);
		return view;
	}

	/** Replaces the hash and sets its TTL in one MULTI/EXEC, so readers never see it half-written. */
	private record ReplaceHashWithTtl(String key, Map<String, String> fields, Duration ttl)
			implements SessionCallback<List<Object>> {

		@Override
		@SuppressWarnings({ "unchecked", "rawtypes" })
		public List<Object> execute(RedisOperations operations) {
			operations.multi();
			operations.delete(this.key);
			operations.opsForHash().putAll(this.key, this.fields);
			operations.expire(this.key, this.ttl);
			return operations.exec();
		}

	}

	private static String key(String userId) {
		if (userId.isBlank() || userId.length() > 64) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "userId must be 1-64 characters");
		}
		return "user:settings:" + userId;
	}

}
