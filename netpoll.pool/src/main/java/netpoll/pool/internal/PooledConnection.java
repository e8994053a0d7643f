package netpoll.pool.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketAddress;
import netpoll.api.Connection;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.PooledObjectState;

/**
 * One physical connection held by the pool: what Commons Pool stores, lends and destroys.
 *
 * <p>Thread contract: the final fields are set before the entry is published to the pool. The
 * {@code stamp} tells the close callback (which runs on a transport thread) whether the entry is
 * certainly in the pool's idle deque, so that the callback may claim it; see the diagram.
 *
 * <pre>
 *   stamp, written by:                     even: lent, being given back, or new (never claim)
 *   0 ──borrower: beginLease()──▶ 2 ──borrower after returnObject: park(2)──▶ 3 (odd: parked)
 *   3 ──next borrower: beginLease()──▶ 4 ──park(4)──▶ 5 ...
 *   0 ──evictor testing it in the idle deque: parkIfNewUnderTest()──▶ 1
 * </pre>
 * A returner parks with a compare-and-set from the stamp its lease began with, so a returner
 * that stalls while the entry is borrowed and given back again cannot mark the later lease
 * parked (the later lease changed the stamp). Between Commons Pool's {@code deallocate()} and
 * its adding the entry to the idle deque, the entry is IDLE but not in the deque; the even stamp
 * keeps the callback from claiming it then, because claiming it there would destroy it and then
 * have the returner put a destroyed entry into the deque.
 *
 * <p>Accepted race: an entry Commons Pool dialed for {@code minIdlePerKey} keeps stamp 0 until
 * the evictor first tests it, so a hang-up before then is not claimed at once; the next borrow's
 * or eviction run's validation destroys it, and it is never lent.
 */
final class PooledConnection {

    private static final VarHandle STAMP;

    static {
        try {
            STAMP = MethodHandles.lookup().findVarHandle(PooledConnection.class, "stamp", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Connection connection;
    final SocketAddress key;
    final KeyStats keyStats;
    /** The pool this connection belongs to; kept here so that a lease needs one field less. */
    final CommonsConnectionPool owner;

    /** Set once by the factory's {@code wrap}, before Commons Pool publishes the entry. */
    private PooledObject<PooledConnection> pooledObject;

    /**
     * Written by the borrower (release store: a callback that reads the older, odd stamp meanwhile
     * only fails to claim the entry, which Commons Pool already holds as ALLOCATED) and by the
     * returner (CAS, a full fence for the Dekker check with the callback); read by the callback.
     */
    private volatile long stamp;

    /** Set by the close callback (volatile); read by the returner, the evictor and borrowers. */
    private volatile boolean peerClosed;

    /** Set by the pool before it closes the connection itself (volatile); read by the callback. */
    private volatile boolean destroying;

    PooledConnection(Connection connection, SocketAddress key, KeyStats keyStats,
            CommonsConnectionPool owner) {
        this.connection = connection;
        this.key = key;
        this.keyStats = keyStats;
        this.owner = owner;
    }

    void pooledObject(PooledObject<PooledConnection> p) {
        this.pooledObject = p;
    }

    PooledObject<PooledConnection> pooledObject() {
        return pooledObject;
    }

    /** @return true while the connection is active and its close callback has not run */
    boolean alive() {
        return !peerClosed && connection.isActive();
    }

    /**
     * Starts a lease; only the borrower that holds the entry calls it.
     *
     * @return the lease's stamp, to hand to {@link #park(long)}
     */
    long beginLease() {
        long next = (stamp | 1) + 1;
        STAMP.setRelease(this, next);
        return next;
    }

    /**
     * Marks the entry parked in the idle deque, unless a later lease has begun since.
     *
     * @param lease what {@link #beginLease()} returned
     */
    void park(long lease) {
        STAMP.compareAndSet(this, lease, lease + 1);
    }

    /**
     * Marks an entry that was never lent parked when the evictor is testing it (so it is in the
     * idle deque); does nothing otherwise.
     *
     * @param p the entry's Commons Pool wrapper
     */
    void parkIfNewUnderTest(PooledObject<PooledConnection> p) {
        if (stamp == 0 && p.getState() == PooledObjectState.EVICTION) {
            STAMP.compareAndSet(this, 0L, 1L);
        }
    }

    /** @return true when the entry is known to be in the idle deque (or was destroyed there) */
    boolean parked() {
        return (stamp & 1) != 0;
    }

    /** Records that the connection closed; called by the close callback. */
    void markPeerClosed() {
        peerClosed = true;
    }

    /** @return true once the close callback has run */
    boolean peerClosed() {
        return peerClosed;
    }

    /** Records that the pool is closing the connection itself. */
    void markDestroying() {
        destroying = true;
    }

    /** @return true once the pool has started to close the connection */
    boolean destroying() {
        return destroying;
    }

    @Override
    public String toString() {
        return "pooled connection to " + key + " (" + connection + ")";
    }
}
