package netpoll.nio;

import java.util.concurrent.Executor;
import netpoll.api.EventLoopOptions;
import netpoll.mcache.Mcache;

/**
 * The settings of one NIO transport: Go netpoll's {@code Config}. Immutable; built with
 * {@link #builder()}. Zero (or null) means default, as in Go.
 */
public final class NioConfig {

    /** The name that prefixes the transport's thread names when none is set. */
    public static final String DEFAULT_NAME = "netpoll";

    private final int pollers;
    private final LoadBalance loadBalance;
    private final Executor executor;
    private final Mcache mcache;
    private final int maxInputBytes;
    private final String name;

    private NioConfig(Builder b) {
        this.pollers = b.pollers == 0 ? defaultPollers() : b.pollers;
        this.loadBalance = b.loadBalance == null ? LoadBalance.ROUND_ROBIN : b.loadBalance;
        this.executor = b.executor;
        this.mcache = b.mcache;
        this.maxInputBytes = b.maxInputBytes == 0 ? EventLoopOptions.DEFAULT_MAX_INPUT_BYTES : b.maxInputBytes;
        this.name = b.name == null || b.name.isEmpty() ? DEFAULT_NAME : b.name;
    }

    /**
     * Go netpoll's rule for the number of pollers: one per 20 cores, plus one.
     *
     * @return {@code availableProcessors / 20 + 1}
     */
    public static int defaultPollers() {
        return Runtime.getRuntime().availableProcessors() / 20 + 1;
    }

    /**
     * @return a builder with every setting at its default
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the default configuration
     */
    public static NioConfig defaults() {
        return new Builder().build();
    }

    /** @return the number of poller threads */
    public int pollers() {
        return pollers;
    }

    /** @return how new connections are spread over the pollers */
    public LoadBalance loadBalance() {
        return loadBalance;
    }

    /**
     * @return the executor for handlers and callbacks, or null for a pool the transport starts
     *     (and stops on close) itself
     */
    public Executor executor() {
        return executor;
    }

    /** @return the buffer cache, or null for {@link Mcache#defaultCache()} */
    public Mcache mcache() {
        return mcache;
    }

    /** @return the input cap of dialed connections (event loops have their own option) */
    public int maxInputBytes() {
        return maxInputBytes;
    }

    /** @return the prefix of the transport's thread names */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "NioConfig[name=" + name + ", pollers=" + pollers + ", loadBalance=" + loadBalance
                + ", maxInputBytes=" + maxInputBytes + ", executor=" + (executor == null ? "own" : executor)
                + ", mcache=" + (mcache == null ? "default" : mcache) + "]";
    }

    /**
     * Builds a {@link NioConfig}; setters check their argument and name the setting in the
     * exception. Not thread-safe.
     */
    public static final class Builder {
        private int pollers;
        private LoadBalance loadBalance;
        private Executor executor;
        private Mcache mcache;
        private int maxInputBytes;
        private String name;

        private Builder() {
        }

        /**
         * @param pollers the number of poller threads; 0 for {@link #defaultPollers()}
         * @return this builder
         */
        public Builder pollers(int pollers) {
            if (pollers < 0) {
                throw new IllegalArgumentException("pollers must not be negative, was " + pollers);
            }
            this.pollers = pollers;
            return this;
        }

        /**
         * @param loadBalance how to spread connections; null for round robin
         * @return this builder
         */
        public Builder loadBalance(LoadBalance loadBalance) {
            this.loadBalance = loadBalance;
            return this;
        }

        /**
         * @param executor runs handlers and callbacks; null for the transport's own pool. The
         *     transport does not shut down an executor it was given.
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        /**
         * @param mcache the buffer cache; null for {@link Mcache#defaultCache()}. The transport
         *     does not close a cache it was given.
         * @return this builder
         */
        public Builder mcache(Mcache mcache) {
            this.mcache = mcache;
            return this;
        }

        /**
         * @param maxBytes the most unread bytes a dialed connection may hold; 0 for
         *     {@link EventLoopOptions#DEFAULT_MAX_INPUT_BYTES}
         * @return this builder
         */
        public Builder maxInputBytes(int maxBytes) {
            if (maxBytes < 0) {
                throw new IllegalArgumentException("maxInputBytes must not be negative, was " + maxBytes);
            }
            this.maxInputBytes = maxBytes;
            return this;
        }

        /**
         * @param name the prefix of thread names; null or empty for {@link #DEFAULT_NAME}
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** @return the configuration */
        public NioConfig build() {
            return new NioConfig(this);
        }
    }
}
