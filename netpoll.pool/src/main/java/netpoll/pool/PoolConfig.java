package netpoll.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The settings of one {@link ConnectionPool}: sizes, waits, connection timeouts and eviction.
 * Immutable and thread-safe; built with {@link #builder()}, whose {@link Builder#build()} checks
 * every value and names each field that is wrong.
 *
 * <p>The defaults suit an RPC client talking to a few servers: up to {@value #DEFAULT_MAX_PER_KEY}
 * connections per server and {@value #DEFAULT_MAX_TOTAL} in all, no churn under bursts (as many
 * may stay idle as may be open), a borrower waits at most {@link #DEFAULT_MAX_WAIT} rather than
 * hanging, dials time out after {@link #DEFAULT_DIAL_TIMEOUT}, reads and writes after
 * {@link #DEFAULT_READ_TIMEOUT}, idle connections are closed after {@link #DEFAULT_IDLE_EVICT_AFTER}
 * and checked every {@link #DEFAULT_EVICTION_INTERVAL}, and the most recently used connection is
 * lent first (LIFO) so that surplus ones age out.
 */
public final class PoolConfig {

    /** Default {@link #maxTotal()}. */
    public static final int DEFAULT_MAX_TOTAL = 1024;
    /** Default {@link #maxPerKey()}. */
    public static final int DEFAULT_MAX_PER_KEY = 64;
    /** Default {@link #minIdlePerKey()}. */
    public static final int DEFAULT_MIN_IDLE_PER_KEY = 0;
    /** Default {@link #maxIdlePerKey()}: the same as {@link #DEFAULT_MAX_PER_KEY}. */
    public static final int DEFAULT_MAX_IDLE_PER_KEY = DEFAULT_MAX_PER_KEY;
    /** Default {@link #maxWait()}. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(1);
    /** Default {@link #dialTimeout()}. */
    public static final Duration DEFAULT_DIAL_TIMEOUT = Duration.ofSeconds(1);
    /** Default {@link #idleEvictAfter()}. */
    public static final Duration DEFAULT_IDLE_EVICT_AFTER = Duration.ofSeconds(30);
    /** Default {@link #evictionInterval()}. */
    public static final Duration DEFAULT_EVICTION_INTERVAL = Duration.ofSeconds(5);
    /** Default {@link #readTimeout()}. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);
    /** Default {@link #writeTimeout()}. */
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(5);
    /** Default {@link #name()}. */
    public static final String DEFAULT_NAME = "netpoll-pool";

    /** What a {@link #name()} may hold: it goes unquoted into a JMX ObjectName. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final int maxTotal;
    private final int maxPerKey;
    private final int minIdlePerKey;
    private final int maxIdlePerKey;
    private final Duration maxWait;
    private final Duration dialTimeout;
    private final Duration idleEvictAfter;
    private final Duration evictionInterval;
    private final boolean lifo;
    private final Duration readTimeout;
    private final Duration writeTimeout;
    private final String name;
    private final boolean jmxEnabled;

    private PoolConfig(Builder b) {
        this.maxTotal = b.maxTotal;
        this.maxPerKey = b.maxPerKey;
        this.minIdlePerKey = b.minIdlePerKey;
        this.maxIdlePerKey = b.maxIdlePerKey;
        this.maxWait = b.maxWait;
        this.dialTimeout = b.dialTimeout;
        this.idleEvictAfter = b.idleEvictAfter;
        this.evictionInterval = b.evictionInterval;
        this.lifo = b.lifo;
        this.readTimeout = b.readTimeout;
        this.writeTimeout = b.writeTimeout;
        this.name = b.name;
        this.jmxEnabled = b.jmxEnabled;
    }

    /**
     * A builder with every setting at its default.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The configuration with every setting at its default.
     *
     * @return the defaults
     */
    public static PoolConfig defaults() {
        return new Builder().build();
    }

    /** @return the most connections open at once over all addresses, lent or idle */
    public int maxTotal() {
        return maxTotal;
    }

    /** @return the most connections open at once to one address, lent or idle */
    public int maxPerKey() {
        return maxPerKey;
    }

    /** @return how many idle connections per address the evictor keeps dialed ahead of need */
    public int minIdlePerKey() {
        return minIdlePerKey;
    }

    /** @return the most idle connections kept per address; more are closed when given back */
    public int maxIdlePerKey() {
        return maxIdlePerKey;
    }

    /** @return how long {@link ConnectionPool#borrow(java.net.SocketAddress)} waits at the limits */
    public Duration maxWait() {
        return maxWait;
    }

    /** @return how long a dial may take; {@link Duration#ZERO} means no limit */
    public Duration dialTimeout() {
        return dialTimeout;
    }

    /** @return how long a connection may stay idle before the evictor closes it; zero: forever */
    public Duration idleEvictAfter() {
        return idleEvictAfter;
    }

    /** @return the time between eviction runs; {@link Duration#ZERO} means no evictor thread */
    public Duration evictionInterval() {
        return evictionInterval;
    }

    /** @return true to lend the most recently returned connection first, false for the oldest */
    public boolean lifo() {
        return lifo;
    }

    /** @return the read timeout of every pooled connection; {@link Duration#ZERO} means none */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** @return the write timeout of every pooled connection; {@link Duration#ZERO} means none */
    public Duration writeTimeout() {
        return writeTimeout;
    }

    /** @return the pool's name, used in its JMX ObjectName and its threads' names */
    public String name() {
        return name;
    }

    /** @return whether the pool registers Commons Pool's MBean */
    public boolean jmxEnabled() {
        return jmxEnabled;
    }

    @Override
    public String toString() {
        return "PoolConfig[name=" + name + ", maxTotal=" + maxTotal + ", maxPerKey=" + maxPerKey
                + ", minIdlePerKey=" + minIdlePerKey + ", maxIdlePerKey=" + maxIdlePerKey
                + ", maxWait=" + maxWait + ", dialTimeout=" + dialTimeout
                + ", idleEvictAfter=" + idleEvictAfter + ", evictionInterval=" + evictionInterval
                + ", lifo=" + lifo + ", readTimeout=" + readTimeout + ", writeTimeout=" + writeTimeout
                + ", jmxEnabled=" + jmxEnabled + "]";
    }

    /**
     * Builds a {@link PoolConfig}. Not thread-safe; each setter returns the builder.
     */
    public static final class Builder {
        private int maxTotal = DEFAULT_MAX_TOTAL;
        private int maxPerKey = DEFAULT_MAX_PER_KEY;
        private int minIdlePerKey = DEFAULT_MIN_IDLE_PER_KEY;
        private int maxIdlePerKey = DEFAULT_MAX_IDLE_PER_KEY;
        private Duration maxWait = DEFAULT_MAX_WAIT;
        private Duration dialTimeout = DEFAULT_DIAL_TIMEOUT;
        private Duration idleEvictAfter = DEFAULT_IDLE_EVICT_AFTER;
        private Duration evictionInterval = DEFAULT_EVICTION_INTERVAL;
        private boolean lifo = true;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private Duration writeTimeout = DEFAULT_WRITE_TIMEOUT;
        private String name = DEFAULT_NAME;
        private boolean jmxEnabled = true;

        private Builder() {
        }

        /**
         * @param v the most connections over all addresses, at least 1
         * @return this builder
         */
        public Builder maxTotal(int v) {
            this.maxTotal = v;
            return this;
        }

        /**
         * @param v the most connections to one address, 1 to {@code maxTotal}
         * @return this builder
         */
        public Builder maxPerKey(int v) {
            this.maxPerKey = v;
            return this;
        }

        /**
         * @param v idle connections kept dialed per address, 0 to {@code maxIdlePerKey}
         * @return this builder
         */
        public Builder minIdlePerKey(int v) {
            this.minIdlePerKey = v;
            return this;
        }

        /**
         * @param v the most idle connections per address, 0 to {@code maxPerKey}
         * @return this builder
         */
        public Builder maxIdlePerKey(int v) {
            this.maxIdlePerKey = v;
            return this;
        }

        /**
         * @param v how long a borrower waits at the limits, zero (fail at once) or more
         * @return this builder
         */
        public Builder maxWait(Duration v) {
            this.maxWait = v;
            return this;
        }

        /**
         * @param v how long a dial may take, zero (no limit) or more
         * @return this builder
         */
        public Builder dialTimeout(Duration v) {
            this.dialTimeout = v;
            return this;
        }

        /**
         * @param v idle time after which the evictor closes a connection, zero (never) or more
         * @return this builder
         */
        public Builder idleEvictAfter(Duration v) {
            this.idleEvictAfter = v;
            return this;
        }

        /**
         * @param v time between eviction runs, zero (no evictor) or more
         * @return this builder
         */
        public Builder evictionInterval(Duration v) {
            this.evictionInterval = v;
            return this;
        }

        /**
         * @param v true to lend the most recently returned connection first
         * @return this builder
         */
        public Builder lifo(boolean v) {
            this.lifo = v;
            return this;
        }

        /**
         * @param v the read timeout of each connection, zero (none) or more
         * @return this builder
         */
        public Builder readTimeout(Duration v) {
            this.readTimeout = v;
            return this;
        }

        /**
         * @param v the write timeout of each connection, zero (none) or more
         * @return this builder
         */
        public Builder writeTimeout(Duration v) {
            this.writeTimeout = v;
            return this;
        }

        /**
         * @param v 1 to 64 letters, digits, '.', '_' or '-'
         * @return this builder
         */
        public Builder name(String v) {
            this.name = v;
            return this;
        }

        /**
         * @param v whether to register Commons Pool's MBean
         * @return this builder
         */
        public Builder jmxEnabled(boolean v) {
            this.jmxEnabled = v;
            return this;
        }

        /**
         * Checks every value and builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming every field whose value is wrong, with the value
         */
        public PoolConfig build() {
            List<String> problems = new ArrayList<>();
            if (maxTotal < 1) {
                problems.add("maxTotal must be at least 1, was " + maxTotal);
            }
            if (maxPerKey < 1 || maxPerKey > Math.max(1, maxTotal)) {
                problems.add("maxPerKey must be between 1 and maxTotal (" + maxTotal + "), was "
                        + maxPerKey);
            }
            if (maxIdlePerKey < 0 || maxIdlePerKey > Math.max(0, maxPerKey)) {
                problems.add("maxIdlePerKey must be between 0 and maxPerKey (" + maxPerKey
                        + "), was " + maxIdlePerKey);
            }
            if (minIdlePerKey < 0 || minIdlePerKey > Math.max(0, maxIdlePerKey)) {
                problems.add("minIdlePerKey must be between 0 and maxIdlePerKey (" + maxIdlePerKey
                        + "), was " + minIdlePerKey);
            }
            checkDuration(problems, "maxWait", maxWait);
            checkDuration(problems, "dialTimeout", dialTimeout);
            checkDuration(problems, "idleEvictAfter", idleEvictAfter);
            checkDuration(problems, "evictionInterval", evictionInterval);
            checkDuration(problems, "readTimeout", readTimeout);
            checkDuration(problems, "writeTimeout", writeTimeout);
            if (name == null || !NAME.matcher(name).matches()) {
                problems.add("name must be 1 to 64 letters, digits, '.', '_' or '-', was "
                        + (name == null ? "null" : '"' + name + '"'));
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("invalid PoolConfig: " + String.join("; ", problems));
            }
            return new PoolConfig(this);
        }

        private static void checkDuration(List<String> problems, String field, Duration value) {
            if (value == null) {
                problems.add(field + " must not be null (use Duration.ZERO)");
            } else if (value.isNegative()) {
                problems.add(field + " must not be negative, was " + value);
            }
        }
    }
}
