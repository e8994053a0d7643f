package netpoll.api;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * The settings of one {@link EventLoop}: Go netpoll's {@code WithOnPrepare},
 * {@code WithReadTimeout} and friends, plus the limits that keep a bad peer from knocking the
 * server over. Immutable and thread-safe; built with {@link #builder()}.
 *
 * <p>As in Go's config, zero means default: a zero (or null) timeout means none, a zero limit
 * means the default limit named by the constants below.
 *
 * @param <C> the type of the per-connection context the callbacks share
 */
public final class EventLoopOptions<C> {

    /** The most unread bytes a connection may hold when none is set: 16 MiB. */
    public static final int DEFAULT_MAX_INPUT_BYTES = 16 << 20;

    /** The most open connections an event loop serves when none is set. */
    public static final int DEFAULT_MAX_CONNECTIONS = 65_536;

    private final OnPrepare<C> onPrepare;
    private final OnConnect<C> onConnect;
    private final OnDisconnect<C> onDisconnect;
    private final Duration readTimeout;
    private final Duration writeTimeout;
    private final Duration idleTimeout;
    private final int maxInputBytes;
    private final int maxConnections;
    private final Executor executor;
    private final boolean serial;

    private EventLoopOptions(Builder<C> b) {
        this.onPrepare = b.onPrepare;
        this.onConnect = b.onConnect;
        this.onDisconnect = b.onDisconnect;
        this.readTimeout = b.readTimeout;
        this.writeTimeout = b.writeTimeout;
        this.idleTimeout = b.idleTimeout;
        this.maxInputBytes = b.maxInputBytes == 0 ? DEFAULT_MAX_INPUT_BYTES : b.maxInputBytes;
        this.maxConnections = b.maxConnections == 0 ? DEFAULT_MAX_CONNECTIONS : b.maxConnections;
        this.executor = b.executor;
        this.serial = b.serial;
    }

    /**
     * A builder with every setting at its default.
     *
     * @param <C> the type of the per-connection context
     * @return a new builder
     */
    public static <C> Builder<C> builder() {
        return new Builder<>();
    }

    /**
     * Options with every setting at its default: no callbacks but the handler, no timeouts,
     * default limits, the transport's executor.
     *
     * @param <C> the type of the per-connection context
     * @return the default options
     */
    public static <C> EventLoopOptions<C> defaults() {
        return new Builder<C>().build();
    }

    /**
     * Returns the prepare callback, or null.
     *
     * @return the prepare callback, or null
     */
    public OnPrepare<C> onPrepare() {
        return onPrepare;
    }

    /**
     * Returns the connect callback, or null.
     *
     * @return the connect callback, or null
     */
    public OnConnect<C> onConnect() {
        return onConnect;
    }

    /**
     * Returns the disconnect callback, or null.
     *
     * @return the disconnect callback, or null
     */
    public OnDisconnect<C> onDisconnect() {
        return onDisconnect;
    }

    /**
     * Returns the read timeout of each connection.
     *
     * @return the read timeout of each connection; {@link Duration#ZERO} means none
     */
    public Duration readTimeout() {
        return readTimeout;
    }

    /**
     * Returns the write timeout of each connection.
     *
     * @return the write timeout of each connection; {@link Duration#ZERO} means none
     */
    public Duration writeTimeout() {
        return writeTimeout;
    }

    /**
     * Returns the TCP keep-alive idle time of each connection.
     *
     * @return the TCP keep-alive idle time of each connection; {@link Duration#ZERO} means off
     */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /**
     * Returns the most unread bytes a connection may hold (the default filled in).
     *
     * @return the most unread bytes a connection may hold (the default filled in)
     */
    public int maxInputBytes() {
        return maxInputBytes;
    }

    /**
     * Returns the most connections served at once (the default filled in).
     *
     * @return the most connections served at once (the default filled in)
     */
    public int maxConnections() {
        return maxConnections;
    }

    /**
     * Returns the executor that runs the callbacks, or null for the transport's own pool.
     *
     * @return the executor that runs the callbacks, or null for the transport's own pool
     */
    public Executor executor() {
        return executor;
    }

    /**
     * Returns true when handlers run on the poller thread (serial mode).
     *
     * @return true when handlers run on the poller thread (serial mode)
     */
    public boolean serial() {
        return serial;
    }

    @Override
    public String toString() {
        return "EventLoopOptions[readTimeout=" + readTimeout + ", writeTimeout=" + writeTimeout
                + ", idleTimeout=" + idleTimeout + ", maxInputBytes=" + maxInputBytes
                + ", maxConnections=" + maxConnections + ", serial=" + serial + "]";
    }

    /**
     * Builds {@link EventLoopOptions}; every setter checks its argument and names the setting
     * in its exception. Not thread-safe.
     *
     * @param <C> the type of the per-connection context
     */
    public static final class Builder<C> {
        private OnPrepare<C> onPrepare;
        private OnConnect<C> onConnect;
        private OnDisconnect<C> onDisconnect;
        private Duration readTimeout = Duration.ZERO;
        private Duration writeTimeout = Duration.ZERO;
        private Duration idleTimeout = Duration.ZERO;
        private int maxInputBytes;
        private int maxConnections;
        private Executor executor;
        private boolean serial;

        private Builder() {
        }

        /**
         * Sets the callback that prepares each new connection.
         *
         * @param onPrepare runs before a connection is registered; null for none
         * @return this builder
         */
        public Builder<C> onPrepare(OnPrepare<C> onPrepare) {
            this.onPrepare = onPrepare;
            return this;
        }

        /**
         * Sets the callback that runs once a connection is registered.
         *
         * @param onConnect runs once a connection is registered; null for none
         * @return this builder
         */
        public Builder<C> onConnect(OnConnect<C> onConnect) {
            this.onConnect = onConnect;
            return this;
        }

        /**
         * Sets the callback that runs when a peer hangs up.
         *
         * @param onDisconnect runs when a peer hangs up; null for none
         * @return this builder
         */
        public Builder<C> onDisconnect(OnDisconnect<C> onDisconnect) {
            this.onDisconnect = onDisconnect;
            return this;
        }

        /**
         * Sets the read timeout of each connection.
         *
         * @param timeout see {@link Connection#setReadTimeout(Duration)}; null or zero for none
         * @return this builder
         * @throws IllegalArgumentException when negative
         */
        public Builder<C> readTimeout(Duration timeout) {
            this.readTimeout = checkTimeout("readTimeout", timeout);
            return this;
        }

        /**
         * Sets the write timeout of each connection.
         *
         * @param timeout see {@link Connection#setWriteTimeout(Duration)}; null or zero for none
         * @return this builder
         * @throws IllegalArgumentException when negative
         */
        public Builder<C> writeTimeout(Duration timeout) {
            this.writeTimeout = checkTimeout("writeTimeout", timeout);
            return this;
        }

        /**
         * Sets the TCP keep-alive idle time of each connection.
         *
         * @param timeout see {@link Connection#setIdleTimeout(Duration)}; null or zero for off
         * @return this builder
         * @throws IllegalArgumentException when negative
         */
        public Builder<C> idleTimeout(Duration timeout) {
            this.idleTimeout = checkTimeout("idleTimeout", timeout);
            return this;
        }

        /**
         * Sets the most unread bytes a connection may hold.
         *
         * @param maxBytes see {@link Connection#setMaxInputBytes(int)}; 0 for
         *     {@link #DEFAULT_MAX_INPUT_BYTES}
         * @return this builder
         * @throws IllegalArgumentException when negative
         */
        public Builder<C> maxInputBytes(int maxBytes) {
            this.maxInputBytes = checkLimit("maxInputBytes", maxBytes);
            return this;
        }

        /**
         * Sets the most connections served at once.
         *
         * @param max the most connections served at once; past it a new connection is closed at
         *     once and the reason logged; 0 for {@link #DEFAULT_MAX_CONNECTIONS}
         * @return this builder
         * @throws IllegalArgumentException when negative
         */
        public Builder<C> maxConnections(int max) {
            this.maxConnections = checkLimit("maxConnections", max);
            return this;
        }

        /**
         * Sets the executor that runs the callbacks.
         *
         * @param executor runs the callbacks; null for the transport's own pool. The event loop
         *     does not shut it down.
         * @return this builder
         */
        public Builder<C> executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        /**
         * Serial mode: run {@link OnConnect}, {@link OnRequest} and {@link OnDisconnect} on the
         * poller thread, saving the hand-off to a worker. Only for handlers that never block:
         * a blocked handler stalls every connection of its poller.
         *
         * @param serial true for serial mode
         * @return this builder
         */
        public Builder<C> serial(boolean serial) {
            this.serial = serial;
            return this;
        }

        /**
         * Returns the options.
         *
         * @return the options
         * @throws IllegalArgumentException when both an executor and serial mode are set
         */
        public EventLoopOptions<C> build() {
            if (serial && executor != null) {
                throw new IllegalArgumentException(
                        "serial mode runs handlers on the poller: do not set an executor too");
            }
            return new EventLoopOptions<>(this);
        }

        private static Duration checkTimeout(String name, Duration timeout) {
            if (timeout == null) {
                return Duration.ZERO;
            }
            if (timeout.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, was " + timeout);
            }
            return timeout;
        }

        private static int checkLimit(String name, int value) {
            if (value < 0) {
                throw new IllegalArgumentException(name + " must not be negative, was " + value);
            }
            return value;
        }
    }
}
