package com.tradingboost.sample.orders;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import com.tradingboost.redis.autoconfigure.TradingBoostRedisProperties;
import com.tradingboost.redis.ops.RedisOptimisticUpdates;
import com.tradingboost.redis.ops.RedisSortedSetQueues;
import com.tradingboost.redis.ops.RedisSortedSetQueues.QueueItem;
import com.tradingboost.redis.ops.RedisTtlPresets;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Counts orders with an optimistic update and schedules settlement tasks on prioritised sorted-set queues, every key
 * with the order-data TTL.
 */
@RestController
class OrderController {

	static final String ORDER_COUNT = "orders:count";

	static final String URGENT = "tasks:urgent";

	static final String NORMAL = "tasks:normal";

	private static final List<String> QUEUES = List.of(URGENT, NORMAL);

	private final RedisOptimisticUpdates<String, String> updates;

	private final RedisSortedSetQueues<String, String> queues;

	private final StringRedisTemplate redis;

	private final Duration ttl;

	private final Duration commandTimeout;

	OrderController(RedisOptimisticUpdates<String, String> updates, RedisSortedSetQueues<String, String> queues,
			StringRedisTemplate redis, RedisTtlPresets ttl, TradingBoostRedisProperties properties) {
		this.updates = updates;
		this.queues = queues;
		this.redis = redis;
		this.ttl = ttl.orderData();
		this.commandTimeout = properties.getCommandTimeout();
	}

	/** Counts an order; the counter expires an order-data TTL after the last order (the update keeps a TTL). */
	@PostMapping("/orders/count")
	Map<String, Long> countOrder() {
		long orders = this.updates.increment(ORDER_COUNT, 1);
		this.redis.expire(ORDER_COUNT, this.ttl);
		return Map.of("orders", orders);
	}

	/** Adds tasks (member to score) to a queue, which expires an order-data TTL after the last addition. */
	@PostMapping("/tasks/{priority}")
	Map<String, Long> schedule(@PathVariable String priority, @RequestBody Map<String, Double> tasks) {
		String queue = "urgent".equals(priority) ? URGENT : NORMAL;
		long added = this.queues.addAll(queue, tasks);
		if (!tasks.isEmpty()) {
			this.redis.expire(queue, this.ttl);
		}
		return Map.of("added", added);
	}

	/** Takes the globally lowest-scored tasks across both queues at once, without waiting. */
	@PostMapping("/tasks/next")
	List<QueueItem<String, String>> next(@RequestParam(defaultValue = "1") int count) {
		return this.queues.popLowest(count, QUEUES);
	}

	/**
	 * Waits up to {@code timeout} for a task and takes the lowest-scored one of the first non-empty queue, urgent
	 * first (BZPOPMIN); 204 when none came. The timeout must stay below the command timeout, which bounds every
	 * command's reply, blocking ones included.
	 */
	@PostMapping("/tasks/next/blocking")
	ResponseEntity<QueueItem<String, String>> nextBlocking(@RequestParam(defaultValue = "1s") String timeout) {
		return this.queues.popLowestBlocking(blockingTimeout(timeout), QUEUES)
			.map(ResponseEntity::ok)
			.orElseGet(() -> ResponseEntity.noContent().build());
	}

	private Duration blockingTimeout(String timeout) {
		Duration duration;
		try {
			duration = DurationStyle.detectAndParse(timeout);
		}
		catch (IllegalArgumentException | DateTimeParseException ex) {
			throw badTimeout(timeout);
		}
		// BZPOPMIN takes milliseconds at best, and 0 would mean waiting forever.
		if (duration.toMillis() < 1 || duration.compareTo(this.commandTimeout) >= 0) {
			throw badTimeout(timeout);
		}
		return duration;
	}

	private ResponseStatusException badTimeout(String timeout) {
		return new ResponseStatusException(HttpStatus.BAD_REQUEST, "timeout '" + timeout
				+ "' must be a duration of at least 1ms and below tradingboost.redis.command-timeout ("
				+ DurationStyle.SIMPLE.print(this.commandTimeout) + ")");
	}

}
