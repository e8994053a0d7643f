package netpoll.pool.internal.osgi;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import netpoll.api.Connection;
import netpoll.api.Dialer;
import netpoll.pool.ConnectionPool;
import netpoll.pool.PoolConfig;
import netpoll.pool.PoolStats;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The OSGi face of {@link ConnectionPool}: one pool per factory configuration of
 * {@code netpoll.pool} (in Karaf, one file per pool: {@code etc/netpoll.pool-orders.cfg}),
 * dialing through the {@link Dialer} service, registered as a {@link ConnectionPool}.
 *
 * <p>A configuration change, or the dialer going away, makes SCR deactivate the component
 * (closing the pool: its idle connections, its evictor and its MBean) and activate it again
 * with a new pool. Users hold the service, so {@link #close()} on the service does nothing: the
 * pool belongs to the component.
 *
 * <p>Thread-safe: every method delegates to the pool, which is; the field is final and
 * published by SCR before the service is registered.
 */
@Component(configurationPid = ConnectionPoolComponent.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = ConnectionPool.class)
@Designate(ocd = ConnectionPoolComponent.Config.class, factory = true)
public final class ConnectionPoolComponent implements ConnectionPool {

    /** The Config Admin factory PID, equal to the module name. */
    public static final String FACTORY_PID = "netpoll.pool";

    /** The separator of a named factory configuration's PID: {@code netpoll.pool~orders}. */
    private static final char NAME_SEPARATOR = '~';

    /** The settings of one pool, from one factory configuration. */
    @ObjectClassDefinition(id = FACTORY_PID, name = "netpoll connection pool",
            description = "A keyed pool of client connections, validated by Connection.isActive().")
    public @interface Config {
        /** Default of {@link #name()}: empty, the name of the configuration. */
        String DEFAULT_NAME = "";
        /** Default of {@link #maxTotal()}. */
        int DEFAULT_MAX_TOTAL = PoolConfig.DEFAULT_MAX_TOTAL;
        /** Default of {@link #maxPerKey()}. */
        int DEFAULT_MAX_PER_KEY = PoolConfig.DEFAULT_MAX_PER_KEY;
        /** Default of {@link #minIdlePerKey()}. */
        int DEFAULT_MIN_IDLE_PER_KEY = PoolConfig.DEFAULT_MIN_IDLE_PER_KEY;
        /** Default of {@link #maxIdlePerKey()}. */
        int DEFAULT_MAX_IDLE_PER_KEY = PoolConfig.DEFAULT_MAX_IDLE_PER_KEY;
        /** Default of {@link #maxWaitMillis()}: 1 s. */
        long DEFAULT_MAX_WAIT_MILLIS = 1_000;
        /** Default of {@link #dialTimeoutMillis()}: 1 s. */
        long DEFAULT_DIAL_TIMEOUT_MILLIS = 1_000;
        /** Default of {@link #idleEvictAfterMillis()}: 30 s. */
        long DEFAULT_IDLE_EVICT_AFTER_MILLIS = 30_000;
        /** Default of {@link #evictionIntervalMillis()}: 5 s. */
        long DEFAULT_EVICTION_INTERVAL_MILLIS = 5_000;
        /** Default of {@link #lifo()}. */
        boolean DEFAULT_LIFO = true;
        /** Default of {@link #readTimeoutMillis()}: 5 s. */
        long DEFAULT_READ_TIMEOUT_MILLIS = 5_000;
        /** Default of {@link #writeTimeoutMillis()}: 5 s. */
        long DEFAULT_WRITE_TIMEOUT_MILLIS = 5_000;
        /** Default of {@link #jmxEnabled()}. */
        boolean DEFAULT_JMX_ENABLED = true;

        /** @return the pool's name */
        @AttributeDefinition(description = "Name of the pool in its JMX ObjectName and thread names;"
                + " empty for the configuration's name (orders for etc/netpoll.pool-orders.cfg).")
        String name() default DEFAULT_NAME;

        /** @return the most connections in all */
        @AttributeDefinition(description = "Most connections open at once, to all addresses.", min = "1")
        int maxTotal() default DEFAULT_MAX_TOTAL;

        /** @return the most connections per address */
        @AttributeDefinition(description = "Most connections open at once to one address.", min = "1")
        int maxPerKey() default DEFAULT_MAX_PER_KEY;

        /** @return the fewest idle connections kept per address */
        @AttributeDefinition(description = "Fewest idle connections the evictor keeps per address.", min = "0")
        int minIdlePerKey() default DEFAULT_MIN_IDLE_PER_KEY;

        /** @return the most idle connections kept per address */
        @AttributeDefinition(description = "Most idle connections kept per address.", min = "0")
        int maxIdlePerKey() default DEFAULT_MAX_IDLE_PER_KEY;

        /** @return how long a borrower waits */
        @AttributeDefinition(description = "Milliseconds a borrower waits for a free connection.", min = "0")
        long maxWaitMillis() default DEFAULT_MAX_WAIT_MILLIS;

        /** @return the dial timeout */
        @AttributeDefinition(description = "Milliseconds a new connection may take to connect.", min = "0")
        long dialTimeoutMillis() default DEFAULT_DIAL_TIMEOUT_MILLIS;

        /** @return how long a connection may stay idle */
        @AttributeDefinition(description = "Milliseconds an idle connection is kept before it is closed.", min = "0")
        long idleEvictAfterMillis() default DEFAULT_IDLE_EVICT_AFTER_MILLIS;

        /** @return the time between eviction runs */
        @AttributeDefinition(description = "Milliseconds between eviction runs.", min = "0")
        long evictionIntervalMillis() default DEFAULT_EVICTION_INTERVAL_MILLIS;

        /** @return whether the most recently returned connection is lent first */
        @AttributeDefinition(description = "Lend the most recently returned connection first.")
        boolean lifo() default DEFAULT_LIFO;

        /** @return the read timeout of lent connections */
        @AttributeDefinition(description = "Read timeout of lent connections in milliseconds.", min = "0")
        long readTimeoutMillis() default DEFAULT_READ_TIMEOUT_MILLIS;

        /** @return the write timeout of lent connections */
        @AttributeDefinition(description = "Write timeout of lent connections in milliseconds.", min = "0")
        long writeTimeoutMillis() default DEFAULT_WRITE_TIMEOUT_MILLIS;

        /** @return whether the pool registers its MBean */
        @AttributeDefinition(description = "Register the pool's MBean.")
        boolean jmxEnabled() default DEFAULT_JMX_ENABLED;

        /** @return the filter that picks the dialer */
        @AttributeDefinition(name = "dialer.target",
                description = "Filter that picks the Dialer service; any Dialer (the netpoll.nio one) by default.")
        String dialer_target() default "(objectClass=netpoll.api.Dialer)";
    }

    private final ConnectionPool pool;

    /**
     * Builds the pool.
     *
     * @param config the configuration
     * @param properties the component properties (for the configuration's PID)
     * @param dialer opens the pooled connections
     */
    @Activate
    public ConnectionPoolComponent(Config config, Map<String, Object> properties,
                                   @Reference(name = "dialer") Dialer dialer) {
        this.pool = ConnectionPool.create(dialer, PoolConfig.builder()
                .name(poolName(config.name(), properties.get("service.pid")))
                .maxTotal(config.maxTotal())
                .maxPerKey(config.maxPerKey())
                .minIdlePerKey(config.minIdlePerKey())
                .maxIdlePerKey(config.maxIdlePerKey())
                .maxWait(Duration.ofMillis(config.maxWaitMillis()))
                .dialTimeout(Duration.ofMillis(config.dialTimeoutMillis()))
                .idleEvictAfter(Duration.ofMillis(config.idleEvictAfterMillis()))
                .evictionInterval(Duration.ofMillis(config.evictionIntervalMillis()))
                .lifo(config.lifo())
                .readTimeout(Duration.ofMillis(config.readTimeoutMillis()))
                .writeTimeout(Duration.ofMillis(config.writeTimeoutMillis()))
                .jmxEnabled(config.jmxEnabled())
                .build());
    }

    /**
     * The pool's name: the configured one, else the configuration's name ({@code orders} of
     * {@code netpoll.pool~orders}), else {@link PoolConfig#DEFAULT_NAME}.
     */
    static String poolName(String configured, Object pid) {
        if (configured != null && !configured.isEmpty()) {
            return configured;
        }
        String p = pid == null ? "" : pid.toString();
        int at = p.lastIndexOf(NAME_SEPARATOR);
        return at >= 0 && at < p.length() - 1 ? p.substring(at + 1) : PoolConfig.DEFAULT_NAME;
    }

    /** Closes the pool: the evictor, the idle connections and the MBean. */
    @Deactivate
    public void deactivate() {
        pool.close();
    }

    @Override
    public Connection borrow(SocketAddress address) throws IOException {
        return pool.borrow(address);
    }

    @Override
    public Connection borrow(SocketAddress address, Duration maxWait) throws IOException {
        return pool.borrow(address, maxWait);
    }

    @Override
    public void invalidate(Connection connection) {
        pool.invalidate(connection);
    }

    @Override
    public PoolStats stats() {
        return pool.stats();
    }

    @Override
    public PoolStats stats(SocketAddress address) {
        return pool.stats(address);
    }

    /**
     * Does nothing: the pool belongs to this component and closes when it deactivates (its
     * configuration is deleted or changed, its bundle stops, or the dialer goes away).
     */
    @Override
    public void close() {
        // owned by the component: see deactivate()
    }

    @Override
    public String toString() {
        return "ConnectionPoolComponent[" + pool + "]";
    }
}
