package com.tradingboost.sample.orders;

import java.util.List;
import java.util.Map;

import com.tradingboost.redis.ops.RedisOptimisticUpdates;
import com.tradingboost.redis.ops.RedisSortedSetQueues;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Counts orders with an optimistic update and schedules settlement tasks on prioritised sorted-set queues.
 */
@RestController
class OrderController {

	private static final List<String> QUEUES = List.of("tasks:urgent", "tasks:normal");

	private final RedisOptimisticUpdates updates;

	private final RedisSortedSetQueues queues;

	OrderController(RedisOptimisticUpdates updates, RedisSortedSetQueues queues) {
		this.updates = updates;
		this.queues = queues;
	}

	@PostMapping("/orders/count")
	Map<String, Long> countOrder() {
		return Map.of("orders", this.updates.increment("orders:count", 1));
	}

	@PostMapping("/tasks/{priority}")
	Map<String, Long> schedule(@PathVariable String priority, @RequestBody Map<String, Double> tasks) {
		String queue = "tasks:" + ("urgent".equals(priority) ? "urgent" : "normal");
		return Map.of("added", this.queues.addAll(queue, tasks));
	}

	@PostMapping("/tasks/next")
	List<RedisSortedSetQueues.QueueItem> next(@RequestParam(defaultValue = "1") int count) {
		return this.queues.popLowest(count, QUEUES);
	}

}
