package com.example.consumer;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Writes a note to Redis and answers with what Redis then holds for it.
 */
@RestController
class NoteController {

	private final StringRedisTemplate redis;

	NoteController(StringRedisTemplate redis) {
		this.redis = redis;
	}

	@PutMapping("/notes/{id}")
	String put(@PathVariable String id, @RequestBody String text) {
		String key = "note:" + id;
		this.redis.opsForValue().set(key, text);
		return this.redis.opsForValue().get(key);
	}

}
