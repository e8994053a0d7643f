package netpoll.pool.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import netpoll.api.Connection;
import netpoll.api.Dialer;
import netpoll.pool.ConnectionPool;
import netpoll.pool.DialFailedException;
import netpoll.pool.PoolConfig;
import netpoll.pool.PoolExhaustedException;
import netpoll.pool.PoolStats;
import org.apache.commons.pool2.impl.GenericKeyedObjectPool;
import org.apache.commons.pool2.impl.GenericKeyedObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ConnectionPool} on a {@link GenericKeyedObjectPool} keyed by remote address.
 *
 * <p>Thread contract: every public method is safe from any thread. The hot path (borrow, give
 * back) takes no lock of its own: it is Commons Pool's borrow and return, one {@link LentConnection}
 * per borrow and a few volatile reads and writes on the {@link PooledConnection}. A close callback
 * (run on a transport thread) only claims an idle entry, under Commons Pool's own per-entry lock,
 * and leaves the destroying (which may make Commons Pool dial for a waiting borrower) to this
 * pool's eviction thread, so no transport thread ever blocks in a dial.
 *
 * <p>How a close callback evicts an idle connection without racing a borrower: it claims the
 * entry with {@code PooledObject.startEvictionTest()}, the step Commons Pool's own evictor takes;
 * from then on a borrower that polls the entry skips it, and the evictor leaves it alone; then the
 * eviction thread calls {@code invalidateObject}. It claims only entries whose stamp says they are
 * in the idle deque (see {@link PooledConnection}). The returner and the callback check each
 * other in Dekker's order: the returner parks (a CAS) then reads {@code peerClosed}; the callback
 * writes {@code peerClosed} then reads the stamp; so at least one of them sees the other and
 * claims the entry (claiming twice is harmless: the second claim fails).
 */
public final class CommonsConnectionPool implements ConnectionPool {

    private static final Logger LOG = LoggerFactory.getLogger(CommonsConnectionPool.class);

    /** The JMX domain and key of every pool's MBean; Commons Pool appends the name. */
    static final String JMX_NAME_BASE = "netpoll.pool:type=ConnectionPool,name=";
    /**
     * How many connections one borrow dials when each new one is found closed before it is lent
     * (a peer that accepts and hangs up at once): one retry, then the borrow fails.
     */
    private static final int DIALS_PER_BORROW = 2;
    /** How long an idle eviction thread lingers before it ends. */
    private static final long EVICTION_THREAD_KEEP_ALIVE_MS = 1_000;
    /** How long close() waits for queued evictions before it destroys what is left itself. */
    private static final long EVICTION_DRAIN_TIMEOUT_MS = 1_000;
    /** How long close() waits for Commons Pool's evictor to stop. */
    private static final Duration EVICTOR_SHUTDOWN_TIMEOUT = Duration.ofSeconds(1);

    private final PoolConfig config;
    private final StatsRegistry stats = new StatsRegistry();
    private final GenericKeyedObjectPool<SocketAddress, PooledConnection> pool;
    /** Destroys the entries close callbacks claimed; at most one thread, none while idle. */
    private final ExecutorService evictions;
    /** Set once by close() (CAS); read by borrow for its message. */
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param dialer opens the pooled connections
     * @param config sizes, waits, timeouts and eviction
     */
    public CommonsConnectionPool(Dialer dialer, PoolConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(dialer, "dialer");
        this.evictions = new ThreadPoolExecutor(0, 1, EVICTION_THREAD_KEEP_ALIVE_MS,
                TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "netpoll-pool-" + config.name() + "-evict");
                    t.setDaemon(true);
                    return t;
                });
        ConnectionFactory factory = new ConnectionFactory(dialer, config, stats, this);
        this.pool = new GenericKeyedObjectPool<>(factory, commonsConfig(config));
        LOG.debug("connection pool {} created", config);
    }

    private static GenericKeyedObjectPoolConfig<PooledConnection> commonsConfig(PoolConfig config) {
        GenericKeyedObjectPoolConfig<PooledConnection> c = new GenericKeyedObjectPoolConfig<>();
        c.setMaxTotal(config.maxTotal());
        c.setMaxTotalPerKey(config.maxPerKey());
        c.setMinIdlePerKey(config.minIdlePerKey());
        c.setMaxIdlePerKey(config.maxIdlePerKey());
        c.setMaxWait(config.maxWait());
        c.setBlockWhenExhausted(true);
        c.setLifo(config.lifo());
        c.setTestOnCreate(false);
        c.setTestOnBorrow(true);
        c.setTestOnReturn(false);
        c.setTestWhileIdle(true);
        c.setNumTestsPerEvictionRun(-1);
        c.setTimeBetweenEvictionRuns(config.evictionInterval());
        c.setMinEvictableIdleDuration(config.idleEvictAfter());
        c.setEvictorShutdownTimeout(EVICTOR_SHUTDOWN_TIMEOUT);
        c.setJmxEnabled(config.jmxEnabled());
        c.setJmxNameBase(JMX_NAME_BASE);
        c.setJmxNamePrefix(config.name());
        return c;
    }

    @Override
    public Connection borrow(SocketAddress address) throws IOException {
        return borrow(address, config.maxWait());
    }

    @Override
    public Connection borrow(SocketAddress address, Duration maxWait) throws IOException {
        Objects.requireNonNull(address, "address");
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative, was " + maxWait);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                PooledConnection entry = take(address, maxWait);
                return new LentConnection(entry, entry.beginLease());
            } catch (ConnectionFactory.DeadOnBorrow e) {
                if (attempt == DIALS_PER_BORROW) {
                    throw new DialFailedException("dialed " + address + " for pool " + config.name()
                            + " " + DIALS_PER_BORROW + " times but each connection was closed at once",
                            e);
                }
            }
        }
    }

    private PooledConnection take(SocketAddress address, Duration maxWait) throws IOException {
        try {
            return pool.borrowObject(address, maxWait);
        } catch (NoSuchElementException e) {
            if (e.getCause() instanceof ConnectionFactory.DeadOnBorrow dead) {
                throw dead;
            }
            throw exhausted(address, maxWait, e);
        } catch (IOException e) {
            throw new DialFailedException("could not dial " + address + " for pool "
                    + config.name() + " (dialTimeout " + config.dialTimeout() + "): " + e, e);
        } catch (IllegalStateException e) {
            if (closed.get()) {
                throw new IllegalStateException("connection pool " + config.name() + " is closed", e);
            }
            throw e;
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException x = new InterruptedIOException("interrupted while waiting up to "
                    + maxWait + " for a connection to " + address + " from pool " + config.name());
            x.initCause(e);
            throw x;
        } catch (Exception e) {
            throw new IOException("borrowing a connection to " + address + " from pool "
                    + config.name() + " failed: " + e, e);
        }
    }

    private PoolExhaustedException exhausted(SocketAddress address, Duration maxWait,
            NoSuchElementException cause) {
        return new PoolExhaustedException("no connection to " + address + " came free within "
                + maxWait + " in pool " + config.name() + ": " + pool.getNumActive(address)
                + " lent of maxPerKey " + config.maxPerKey() + " for that address, "
                + (pool.getNumActive() + pool.getNumIdle()) + " open of maxTotal "
                + config.maxTotal() + " in the pool", cause);
    }

    /**
     * Takes back a lease's connection: pools it again when it is clean, destroys it otherwise.
     * Called once per lease, by the lease's {@code close()}.
     *
     * @param entry the connection
     * @param lease the lease's stamp
     * @param flags what the borrower changed or saw ({@link LentConnection} flags)
     */
    void giveBack(PooledConnection entry, long lease, int flags) {
        String dirty = dirtyReason(entry, flags);
        if (dirty != null) {
            destroyLent(entry, dirty);
            return;
        }
        if (flags != 0 && !LentConnection.restore(entry.connection, flags, config)) {
            destroyLent(entry, "its settings could not be restored");
            return;
        }
        try {
            pool.returnObject(entry.key, entry);
        } catch (IllegalStateException e) {
            LOG.debug("{} could not go back to pool {}", entry, config.name(), e);
            return;
        }
        entry.park(lease);
        if (entry.peerClosed()) {
            claimIdle(entry);
        }
    }

    private String dirtyReason(PooledConnection entry, int flags) {
        if ((flags & LentConnection.MUST_DESTROY) != 0) {
            return (flags & LentConnection.FAILED) != 0 ? "an I/O operation on it failed"
                    : "its keep-alive setting was changed";
        }
        Connection c = entry.connection;
        if (!entry.alive()) {
            countValidationFailure(entry);
            return "it is no longer active";
        }
        if (c.length() != 0) {
            return "it holds " + c.length() + " unread bytes";
        }
        if (c.mallocLength() != 0) {
            return "it holds " + c.mallocLength() + " unflushed bytes";
        }
        return null;
    }

    /**
     * Destroys a lent connection (invalidate, or a dirty return).
     *
     * @param entry the connection, held by the caller's lease
     * @param reason why, for the debug log
     */
    void destroyLent(PooledConnection entry, String reason) {
        LOG.debug("closing {} instead of pooling it: {}", entry, reason);
        try {
            pool.invalidateObject(entry.key, entry);
        } catch (Exception e) {
            LOG.debug("invalidating {} in pool {} failed", entry, config.name(), e);
        }
    }

    /**
     * The close callback of every pooled connection.
     *
     * @param entry the connection that closed
     */
    void onPeerClosed(PooledConnection entry) {
        if (entry.destroying()) {
            return;
        }
        entry.markPeerClosed();
        if (entry.parked()) {
            claimIdle(entry);
        }
    }

    private void claimIdle(PooledConnection entry) {
        if (!entry.pooledObject().startEvictionTest()) {
            return;
        }
        countValidationFailure(entry);
        try {
            evictions.execute(() -> destroyClaimed(entry));
        } catch (RejectedExecutionException e) {
            LOG.debug("pool {} is closing; its clear() destroys {}", config.name(), entry);
        }
    }

    private void countValidationFailure(PooledConnection entry) {
        entry.keyStats.validationFailures.increment();
        stats.total().validationFailures.increment();
    }

    private void destroyClaimed(PooledConnection entry) {
        try {
            pool.invalidateObject(entry.key, entry);
        } catch (Exception e) {
            LOG.debug("evicting {} from pool {} failed", entry, config.name(), e);
        }
    }

    @Override
    public void invalidate(Connection connection) {
        if (!(connection instanceof LentConnection lease) || !lease.belongsTo(this)) {
            throw new IllegalArgumentException(connection + " was not borrowed from pool "
                    + config.name());
        }
        lease.invalidate();
    }

    @Override
    public PoolStats stats() {
        KeyStats k = stats.total();
        return new PoolStats(pool.getNumActive(), pool.getNumIdle(), k.created.sum(),
                k.destroyed.sum(), k.validationFailures.sum(), k.dialFailures.sum(),
                pool.getMeanBorrowWaitDuration(), pool.getMaxBorrowWaitDuration());
    }

    @Override
    public PoolStats stats(SocketAddress address) {
        KeyStats k = stats.peek(address);
        if (k == null) {
            k = new KeyStats();
        }
        return new PoolStats(pool.getNumActive(address), pool.getNumIdle(address),
                k.created.sum(), k.destroyed.sum(), k.validationFailures.sum(),
                k.dialFailures.sum(), pool.getMeanBorrowWaitDuration(),
                pool.getMaxBorrowWaitDuration());
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        evictions.shutdown();
        try {
            if (!evictions.awaitTermination(EVICTION_DRAIN_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                LOG.warn("pool {}: evictions still running after {} ms; closing anyway",
                        config.name(), EVICTION_DRAIN_TIMEOUT_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.close();
        LOG.debug("connection pool {} closed", config.name());
    }

    /** @return this pool's settings */
    PoolConfig config() {
        return config;
    }

    @Override
    public String toString() {
        return "ConnectionPool[" + config.name() + ", " + stats() + "]";
    }
}
