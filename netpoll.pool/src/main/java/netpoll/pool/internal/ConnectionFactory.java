package netpoll.pool.internal;

import java.io.IOException;
import java.net.SocketAddress;
import netpoll.api.Connection;
import netpoll.api.Dialer;
import netpoll.pool.PoolConfig;
import org.apache.commons.pool2.KeyedPooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.PooledObjectState;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Commons Pool calls to dial, check and close connections.
 *
 * <p>Thread contract: Commons Pool calls it from borrowers ({@code makeObject},
 * {@code activateObject}, {@code validateObject}), from returners ({@code passivateObject}), from
 * the evictor and from whoever destroys; every method is safe from any thread. It holds no
 * mutable state of its own: the counters are {@link KeyStats}, the per-connection state is
 * {@link PooledConnection}'s.
 */
final class ConnectionFactory implements KeyedPooledObjectFactory<SocketAddress, PooledConnection> {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionFactory.class);

    /**
     * Thrown by {@link #validateObject} when a borrower's connection is dead, so that Commons
     * Pool's "Unable to validate object" for a connection dialed by that very borrow can be told
     * apart from exhaustion. No stack trace: it is a signal, caught by Commons Pool or the pool.
     */
    static final class DeadOnBorrow extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DeadOnBorrow(PooledConnection entry) {
            super(entry + " was closed or its peer hung up right after the dial", null, false, false);
        }
    }

    private final Dialer dialer;
    private final PoolConfig config;
    private final StatsRegistry stats;
    private final CommonsConnectionPool owner;

    /**
     * @param dialer opens connections
     * @param config the dial, read and write timeouts
     * @param stats where the counters are
     * @param owner the pool: its {@code onPeerClosed} is each connection's close callback
     */
    ConnectionFactory(Dialer dialer, PoolConfig config, StatsRegistry stats,
            CommonsConnectionPool owner) {
        this.dialer = dialer;
        this.config = config;
        this.stats = stats;
        this.owner = owner;
    }

    @Override
    public PooledObject<PooledConnection> makeObject(SocketAddress key) throws IOException {
        KeyStats keyStats = stats.of(key);
        Connection connection;
        try {
            connection = dialer.dialConnection(key, config.dialTimeout());
        } catch (IOException | RuntimeException e) {
            keyStats.dialFailures.increment();
            stats.total().dialFailures.increment();
            throw e;
        }
        PooledConnection entry = new PooledConnection(connection, key, keyStats, owner);
        DefaultPooledObject<PooledConnection> p = new DefaultPooledObject<>(entry);
        entry.pooledObject(p);
        try {
            connection.setReadTimeout(config.readTimeout());
            connection.setWriteTimeout(config.writeTimeout());
            connection.addCloseCallback(closed -> owner.onPeerClosed(entry));
        } catch (RuntimeException e) {
            closeQuietly(entry);
            throw e;
        }
        keyStats.created.increment();
        stats.total().created.increment();
        return p;
    }

    @Override
    public void destroyObject(SocketAddress key, PooledObject<PooledConnection> p) {
        PooledConnection entry = p.getObject();
        closeQuietly(entry);
        entry.keyStats.destroyed.increment();
        stats.total().destroyed.increment();
    }

    /**
     * Called by a borrower (the entry is ALLOCATED) and by the evictor for an idle entry (the
     * entry is under its eviction test, so it is in the idle deque: an entry never lent is marked
     * parked here, so that its close callback may claim it from now on).
     */
    @Override
    public boolean validateObject(SocketAddress key, PooledObject<PooledConnection> p) {
        PooledConnection entry = p.getObject();
        entry.parkIfNewUnderTest(p);
        if (entry.alive()) {
            return true;
        }
        entry.keyStats.validationFailures.increment();
        stats.total().validationFailures.increment();
        if (p.getState() == PooledObjectState.ALLOCATED) {
            throw new DeadOnBorrow(entry);
        }
        return false;
    }

    @Override
    public void activateObject(SocketAddress key, PooledObject<PooledConnection> p) {
        // Nothing to prepare: a lease begins in the pool's borrow, which knows it is a borrow.
    }

    /**
     * Called when a borrower gives the entry back and after the evictor's idle test: refusing an
     * entry whose peer hung up meanwhile makes Commons Pool destroy it instead of keeping it.
     *
     * <p>Accepted race: while the evictor tests an entry, the close callback cannot claim it (the
     * entry is in Commons Pool's EVICTION state). A hang-up seen before this check is handled
     * here; one that lands after it and before the evictor puts the entry back leaves a dead
     * entry idle until the next borrow or eviction run, whose validation destroys it: it is
     * never lent.
     */
    @Override
    public void passivateObject(SocketAddress key, PooledObject<PooledConnection> p) {
        PooledConnection entry = p.getObject();
        // Only a connection coming back from a borrower is refused here. Commons Pool also
        // passivates a connection it has just dialed for waiting borrowers (addObject), and there
        // a refusal leaks it: it is neither put in the idle deque nor destroyed, and stays counted
        // as lent for good. A new one whose peer hung up is left idle; the next borrow's
        // validation destroys it, so it is never lent.
        if (entry.peerClosed() && p.getBorrowedCount() > 0) {
            throw new IllegalStateException(entry + " closed while being put back in the pool");
        }
    }

    private static void closeQuietly(PooledConnection entry) {
        entry.markDestroying();
        try {
            entry.connection.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing {} failed", entry, e);
        }
    }
}
