package com.tradingboost.redis.connection;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.management.Attribute;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Reads the connection pools Spring Data Redis creates for a factory through the attributes of the JMX beans
 * commons-pool2 registers for each of them (GenericObjectPoolMXBean), under a name prefix of the factory's own: a
 * public API, where the pools themselves are private.
 */
final class PoolMBeans {

	private static final Log logger = LogFactory.getLog(PoolMBeans.class);

	private final ObjectName query;

	private volatile boolean warned;

	/** Attributes of commons-pool2's GenericObjectPoolMXBean. */
	private static final String[] ATTRIBUTES = { "MaxTotal", "NumActive", "NumIdle", "NumWaiters", "CreatedCount",
			"DestroyedCount" };

	PoolMBeans(String prefix) {
		try {
			this.query = new ObjectName("org.apache.commons.pool2:type=GenericObjectPool,name=" + prefix + "*");
		}
		catch (MalformedObjectNameException ex) {
			throw new IllegalArgumentException("Invalid pool name prefix '" + prefix + "'", ex);
		}
	}

	private static Number number(Map<String, Object> values, String attribute) {
		return (values.get(attribute) instanceof Number number) ? number : PoolStats.UNKNOWN;
	}

	List<PoolStats> read() {
		List<PoolStats> stats = new ArrayList<>();
		try {
			MBeanServer server = ManagementFactory.getPlatformMBeanServer();
			for (ObjectName name : server.queryNames(this.query, null)) {
				Map<String, Object> values = new HashMap<>();
				for (Attribute attribute : server.getAttributes(name, ATTRIBUTES).asList()) {
					values.put(attribute.getName(), attribute.getValue());
				}
				stats.add(new PoolStats("sync", number(values, "MaxTotal").intValue(),
						number(values, "NumActive").intValue(), number(values, "NumIdle").intValue(),
						number(values, "NumWaiters").intValue(), number(values, "CreatedCount").longValue(),
						number(values, "DestroyedCount").longValue()));
			}
		}
		catch (JMException | RuntimeException ex) {
			if (!this.warned) {
				this.warned = true;
				logger.warn("Cannot read the Redis connection pools over JMX; pool facts are not reported: " + ex);
			}
			return List.of();
		}
		return stats;
	}

}
