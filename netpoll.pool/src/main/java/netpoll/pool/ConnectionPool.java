package netpoll.pool;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import netpoll.api.Connection;
import netpoll.api.Dialer;
import netpoll.pool.internal.CommonsConnectionPool;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A pool of client connections keyed by remote address, that never lends a connection the
 * transport already knows is dead.
 *
 * <p>A borrowed connection is a lease: its {@link Connection#close()} gives it back to the pool
 * (so try-with-resources is the normal use), and any later use of it fails with an
 * {@link IllegalStateException} or a {@link netpoll.api.ConnectionClosedException} saying it was
 * returned to the pool. A connection that failed while lent (an {@link IOException} from one of
 * its reads or writes, or {@link Connection#isActive()} false when it comes back) is closed on
 * return instead of being lent again, and so is one given back with unread input or unflushed
 * output. Timeouts and other settings a borrower changes are put back to the pool's
 * {@link PoolConfig} on return.
 *
 * <p>Validation is {@link Connection#isActive()} (a flag, no system call): on every borrow and
 * on every idle connection at each eviction run. Each connection also gets a close callback when
 * it is dialed, so one whose peer hangs up while it is idle is taken out of circulation at once.
 *
 * <p>Thread-safe: any thread may borrow, and a lease may be given back from any thread; a lease
 * itself follows {@link Connection}'s rules (one reader and one writer at a time).
 */
@ProviderType
public interface ConnectionPool extends AutoCloseable {

    /**
     * Builds a pool that dials through {@code dialer}.
     *
     * @param dialer opens the pooled connections
     * @param config sizes, waits, timeouts and eviction
     * @return a new, open pool; close it when done
     */
    static ConnectionPool create(Dialer dialer, PoolConfig config) {
        return new CommonsConnectionPool(dialer, config);
    }

    /**
     * Borrows an active connection to {@code address}, waiting up to the configured
     * {@link PoolConfig#maxWait()} when the pool is at its limits.
     *
     * @param address the remote address, the pool's key
     * @return a lease on an active connection; close it to give it back
     * @throws PoolExhaustedException when no connection became free within the wait
     * @throws DialFailedException when a new connection had to be dialed and that failed (the
     *     dialer's exception is the cause)
     * @throws java.io.InterruptedIOException when the calling thread is interrupted while waiting
     * @throws IllegalStateException when the pool is closed
     * @throws IOException for other failures of the dialer
     */
    Connection borrow(SocketAddress address) throws IOException;

    /**
     * Borrows an active connection to {@code address}, waiting at most {@code maxWait} when the
     * pool is at its limits; see {@link #borrow(SocketAddress)}.
     *
     * @param address the remote address, the pool's key
     * @param maxWait how long to wait for a free connection; zero fails at once when none is free
     * @return a lease on an active connection; close it to give it back
     * @throws PoolExhaustedException when no connection became free within {@code maxWait}
     * @throws DialFailedException when dialing a new connection failed
     * @throws java.io.InterruptedIOException when the calling thread is interrupted while waiting
     * @throws IllegalArgumentException when {@code maxWait} is negative
     * @throws IllegalStateException when the pool is closed
     * @throws IOException for other failures of the dialer
     */
    Connection borrow(SocketAddress address, Duration maxWait) throws IOException;

    /**
     * Closes a borrowed connection and takes it out of the pool instead of giving it back: for a
     * connection the caller knows is broken (a protocol error, say). The lease is unusable
     * afterwards, as after {@link Connection#close()}. Giving back a lease that was already
     * given back or invalidated does nothing.
     *
     * @param connection a lease from this pool's {@code borrow}
     * @throws IllegalArgumentException when {@code connection} was not borrowed from this pool
     */
    void invalidate(Connection connection);

    /**
     * A snapshot of the counters of the whole pool.
     *
     * @return the counters now
     */
    PoolStats stats();

    /**
     * A snapshot of the counters of one address; the borrow waits are those of the whole pool.
     *
     * @param address the remote address
     * @return the counters of that address now (all zero for an address never borrowed)
     */
    PoolStats stats(SocketAddress address);

    /**
     * Stops the evictor, closes every idle connection and unregisters the pool's MBean.
     * Connections still lent are closed when they are given back. Borrowing afterwards fails
     * with {@link IllegalStateException}. Idempotent.
     */
    @Override
    void close();
}
