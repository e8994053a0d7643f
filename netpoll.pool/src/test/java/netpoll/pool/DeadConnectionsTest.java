package netpoll.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import netpoll.api.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A connection the transport knows is dead is never lent, and leaves the pool at once. */
class DeadConnectionsTest {

    private static final SocketAddress SERVER = new InetSocketAddress("127.0.0.1", 9100);
    private static final int CONNECTIONS = 10;

    private final FakeDialer dialer = new FakeDialer();
    private ConnectionPool pool;

    @AfterEach
    void closePool() {
        if (pool != null) {
            pool.close();
        }
    }

    /** No evictor: only the close callback and borrow validation can remove a dead connection. */
    private ConnectionPool poolWithoutEvictor() {
        pool = ConnectionPool.create(dialer, PoolConfig.builder().jmxEnabled(false)
                .evictionInterval(Duration.ZERO).build());
        return pool;
    }

    /** Borrows {@code n} connections at once and gives them all back. */
    private void fill(int n) throws IOException {
        List<Connection> leases = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leases.add(pool.borrow(SERVER));
        }
        closeAll(leases);
        assertEquals(n, pool.stats().idle());
    }

    /** Borrows every idle connection at once; each must be active and echo. */
    private Set<SocketAddress> borrowAllAndEcho(int n) throws IOException {
        List<Connection> leases = new ArrayList<>();
        Set<SocketAddress> seen = new HashSet<>();
        try {
            for (int i = 0; i < n; i++) {
                Connection c = pool.borrow(SERVER);
                leases.add(c);
                assertTrue(c.isActive(), "borrow " + i + " lent an inactive connection");
                ConnectionPoolTest.echo(c, i);
                seen.add(c.localAddress());
            }
        } finally {
            closeAll(leases);
        }
        return seen;
    }

    private static void closeAll(List<Connection> leases) throws IOException {
        for (Connection c : leases) {
            c.close();
        }
    }

    @Test
    void aPeerHangingUpOnAnIdleConnectionEvictsItAtOnce() throws IOException {
        poolWithoutEvictor();
        fill(1);
        FakeConnection c = dialer.dialed().get(0);
        c.peerHangsUp();
        Await.until(() -> pool.stats().idle() == 0 && pool.stats().destroyed() == 1,
                () -> "stats " + pool.stats());
        assertEquals(1, pool.stats().validationFailures());
    }

    @Test
    void halfTheIdleConnectionsHangingUpNeverLeadsToADeadLoan() throws IOException {
        poolWithoutEvictor();
        fill(CONNECTIONS);
        Set<SocketAddress> dead = new HashSet<>();
        for (int i = 0; i < CONNECTIONS; i += 2) {
            FakeConnection c = dialer.dialed().get(i);
            c.peerHangsUp();
            dead.add(c.localAddress());
        }
        Await.until(() -> pool.stats().idle() == CONNECTIONS / 2, () -> "stats " + pool.stats());
        Set<SocketAddress> lent = borrowAllAndEcho(CONNECTIONS);
        assertTrue(lent.stream().noneMatch(dead::contains), "a dead connection was lent");
        PoolStats stats = pool.stats();
        assertEquals(CONNECTIONS + CONNECTIONS / 2, stats.created());
        assertEquals(CONNECTIONS / 2, stats.destroyed());
        assertEquals(CONNECTIONS, stats.idle());
    }

    @Test
    void connectionsThatWentInactiveWithoutACallbackAreCaughtOnBorrow() throws IOException {
        poolWithoutEvictor();
        fill(CONNECTIONS);
        Set<SocketAddress> dead = new HashSet<>();
        for (int i = 1; i < CONNECTIONS; i += 2) {
            FakeConnection c = dialer.dialed().get(i);
            c.goInactiveSilently();
            dead.add(c.localAddress());
        }
        Set<SocketAddress> lent = borrowAllAndEcho(CONNECTIONS);
        assertTrue(lent.stream().noneMatch(dead::contains), "a dead connection was lent");
        assertEquals(CONNECTIONS / 2, pool.stats().validationFailures());
        assertEquals(CONNECTIONS / 2, pool.stats().destroyed());
    }

    @Test
    void aServerRestartKillsEveryIdleConnectionAndTheNextBorrowsDialAfresh() throws IOException {
        poolWithoutEvictor();
        fill(CONNECTIONS);
        List<FakeConnection> before = List.copyOf(dialer.dialed());
        dialer.down(SERVER);
        before.forEach(FakeConnection::peerHangsUp);
        Await.until(() -> pool.stats().idle() == 0, () -> "stats " + pool.stats());
        dialer.up(SERVER);
        borrowAllAndEcho(CONNECTIONS);
        assertEquals(2 * CONNECTIONS, pool.stats().created());
    }

    @Test
    void aReplacementDialedForAWaitingBorrowerThatDiesAtOnceIsNotCountedAsLentForever() throws Exception {
        pool = ConnectionPool.create(dialer, PoolConfig.builder().jmxEnabled(false)
                .evictionInterval(Duration.ZERO).maxPerKey(1).maxIdlePerKey(1).maxWait(Duration.ofSeconds(5)).build());
        Connection lease = pool.borrow(SERVER);
        CompletableFuture<Connection> waiter = new CompletableFuture<>();
        Thread borrower = new Thread(() -> {
            try {
                waiter.complete(pool.borrow(SERVER));
            } catch (IOException | RuntimeException e) {
                waiter.completeExceptionally(e);
            }
        }, "waiting-borrower");
        borrower.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (borrower.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        // invalidating the lease makes Commons Pool dial a replacement for the waiter at once;
        // that replacement's peer hangs up before it reaches the idle deque
        dialer.hangUpOnArrival(1);
        pool.invalidate(lease);
        Connection got = waiter.get(10, TimeUnit.SECONDS);
        assertTrue(got.isActive(), "the waiter got a dead connection");
        got.close();
        borrower.join();
        assertEquals(0, pool.stats().active(), "connections counted as lent with no lease out");
    }

    @Test
    void aConnectionThatDiesWhileLentIsNotPooledAgain() throws IOException {
        poolWithoutEvictor();
        Connection lease = pool.borrow(SERVER);
        dialer.dialed().get(0).peerHangsUp();
        assertFalse(lease.isActive());
        lease.close();
        PoolStats stats = pool.stats();
        assertEquals(0, stats.idle());
        assertEquals(1, stats.destroyed());
    }

    @Test
    void theEvictorRemovesDeadAndLongIdleConnections() throws IOException {
        pool = ConnectionPool.create(dialer, PoolConfig.builder().jmxEnabled(false)
                .evictionInterval(Duration.ofMillis(20)).idleEvictAfter(Duration.ofMillis(200))
                .build());
        fill(2);
        dialer.dialed().get(0).goInactiveSilently();
        Await.until(() -> pool.stats().idle() == 1, () -> "dead one evicted: " + pool.stats());
        assertEquals(1, pool.stats().validationFailures());
        Await.until(() -> pool.stats().idle() == 0, () -> "idle one evicted: " + pool.stats());
        assertTrue(dialer.dialed().get(1).isClosed());
    }

    @Test
    void theEvictorKeepsMinIdleConnectionsDialedAndTheirHangUpEvictsThemToo() throws IOException {
        pool = ConnectionPool.create(dialer, PoolConfig.builder().jmxEnabled(false)
                .evictionInterval(Duration.ofMillis(20)).minIdlePerKey(2).build());
        pool.borrow(SERVER).close();
        Await.until(() -> pool.stats().idle() == 2, () -> "min idle dialed: " + pool.stats());
        FakeConnection dialedByEvictor = dialer.dialed().get(1);
        Await.until(() -> pool.stats().validationFailures() == 0 && dialer.dialed().size() == 2,
                () -> "stats " + pool.stats());
        dialedByEvictor.peerHangsUp();
        Await.until(() -> pool.stats().destroyed() == 1, () -> "evicted: " + pool.stats());
        Await.until(() -> pool.stats().idle() == 2, () -> "dialed again: " + pool.stats());
        Set<SocketAddress> lent = borrowAllAndEcho(2);
        assertFalse(lent.contains(dialedByEvictor.localAddress()));
    }
}
