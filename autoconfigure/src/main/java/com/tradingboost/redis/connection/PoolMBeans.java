package com.tradingboost.redis.connection;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.commons.pool2.impl.GenericObjectPoolMXBean;

/**
 * Reads the connection pools Spring Data Redis creates for a factory through the JMX beans commons-pool2 registers
 * for each of them, under a name prefix of the factory's own: a public API, where the pools themselves are private.
 */
final class PoolMBeans {

	private static final Log logger = LogFactory.getLog(PoolMBeans.class);

	private final ObjectName query;

	private final Map<ObjectName, GenericObjectPoolMXBean> pools = new ConcurrentHashMap<>();

	private volatile boolean warned;

	PoolMBeans(String prefix) {
		try {
			this.query = new ObjectName("org.apache.commons.pool2:type=GenericObjectPool,name=" + prefix + "*");
		}
		catch (MalformedObjectNameException ex) {
			throw new IllegalArgumentException("Invalid pool name prefix '" + prefix + "'", ex);
		}
	}

	List<PoolStats> read() {
		List<PoolStats> stats = new ArrayList<>();
		try {
			MBeanServer server = ManagementFactory.getPlatformMBeanServer();
			for (ObjectName name : server.queryNames(this.query, null)) {
				GenericObjectPoolMXBean pool = this.pools.computeIfAbsent(name,
						(each) -> JMX.newMXBeanProxy(server, each, GenericObjectPoolMXBean.class));
				stats.add(new PoolStats("sync", pool.getMaxTotal(), pool.getNumActive(), pool.getNumIdle(),
						pool.getNumWaiters(), pool.getCreatedCount(), pool.getDestroyedCount()));
			}
			this.pools.keySet().retainAll(server.queryNames(this.query, null));
		}
		catch (RuntimeException ex) {
			if (!this.warned) {
				this.warned = true;
				logger.warn("Cannot read the Redis connection pools over JMX; pool facts are not reported: " + ex);
			}
			return List.of();
		}
		return stats;
	}

}
