package com.tradingboost.redis.ops;

import java.util.List;

import com.tradingboost.redis.ops.RedisSortedSetQueues.QueueItem;

import org.springframework.data.redis.RedisSystemException;

/**
 * A pop across queues in different cluster slots that failed after claiming some members: the members it removed
 * for this caller, and the members whose {@code ZREM} was sent but got no reply, so they may or may not have been
 * removed. The members of neither list are still queued. The cause is the failure, as Spring Data Redis would report
 * it.
 */
public class RedisQueuePopException extends RedisSystemException {

	private final List<QueueItem<?, ?>> popped;

	private final List<QueueItem<?, ?>> unknown;

	RedisQueuePopException(String operation, List<? extends QueueItem<?, ?>> popped,
			List<? extends QueueItem<?, ?>> unknown, Throwable cause) {
		super(operation + " failed part-way: " + popped.size() + " member(s) removed for this caller (getPopped()), "
				+ unknown.size() + " claimed without a reply, which may or may not have been removed (getUnknown(): "
				+ "add them again to deliver them at least once); cause: " + cause.getMessage(), cause);
		this.popped = List.copyOf(popped);
		this.unknown = List.copyOf(unknown);
	}

	/**
	 * Returns the members this pop removed from their queues: nobody else will receive them.
	 * @param <K> the type of the queues' keys
	 * @param <V> the type of the members
	 * @return the members, lowest score first
	 */
	@SuppressWarnings("unchecked")
	public <K, V> List<QueueItem<K, V>> getPopped() {
		return (List<QueueItem<K, V>>) (List<?>) this.popped;
	}

	/**
	 * Returns the members whose removal got no reply: they may have been removed, and then nobody will receive them.
	 * @param <K> the type of the queues' keys
	 * @param <V> the type of the members
	 * @return the members, lowest score first
	 */
	@SuppressWarnings("unchecked")
	public <K, V> List<QueueItem<K, V>> getUnknown() {
		return (List<QueueItem<K, V>>) (List<?>) this.unknown;
	}

}
