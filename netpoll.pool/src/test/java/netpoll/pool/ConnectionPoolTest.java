package netpoll.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import netpoll.api.Connection;
import netpoll.api.ConnectionClosedException;
import netpoll.api.ReadTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pool's behaviour against the {@link FakeDialer}: lending, giving back, destroying. */
class ConnectionPoolTest {

    static final SocketAddress SERVER = new InetSocketAddress("127.0.0.1", 9000);
    static final SocketAddress OTHER = new InetSocketAddress("127.0.0.1", 9001);

    private final FakeDialer dialer = new FakeDialer();
    private final List<ConnectionPool> pools = new ArrayList<>();

    @AfterEach
    void closePools() {
        pools.forEach(ConnectionPool::close);
    }

    private ConnectionPool pool(PoolConfig.Builder config) {
        ConnectionPool pool = ConnectionPool.create(dialer, config.jmxEnabled(false).build());
        pools.add(pool);
        return pool;
    }

    private ConnectionPool pool() {
        return pool(PoolConfig.builder());
    }

    private FakeConnection physical(Connection lease) {
        return dialer.dialed().stream()
                .filter(c -> c.localAddress().equals(lease.localAddress()))
                .findFirst().orElseThrow();
    }

    static void echo(Connection c, int value) throws IOException {
        c.writeInt(value);
        c.flush();
        assertEquals(value, c.readInt(), "echoed value");
    }

    @Test
    void borrowDialsOnceAndLendsTheSameConnectionAgainAfterItIsGivenBack() throws IOException {
        ConnectionPool pool = pool();
        SocketAddress first;
        try (Connection c = pool.borrow(SERVER)) {
            assertTrue(c.isActive());
            first = c.localAddress();
            echo(c, 42);
        }
        try (Connection c = pool.borrow(SERVER)) {
            assertEquals(first, c.localAddress(), "the idle connection is lent again");
        }
        assertEquals(1, dialer.dialed().size());
        PoolStats stats = pool.stats();
        assertEquals(0, stats.active());
        assertEquals(1, stats.idle());
        assertEquals(1, stats.created());
        assertEquals(0, stats.destroyed());
    }

    @Test
    void connectionsGetTheConfiguredTimeoutsAndTheDialTimeout() throws IOException {
        ConnectionPool pool = pool(PoolConfig.builder().readTimeout(Duration.ofMillis(700))
                .writeTimeout(Duration.ofMillis(800)).dialTimeout(Duration.ofMillis(900)));
        try (Connection c = pool.borrow(SERVER)) {
            FakeConnection p = physical(c);
            assertEquals(Duration.ofMillis(700), p.readTimeout());
            assertEquals(Duration.ofMillis(800), p.writeTimeout());
        }
        assertEquals(Duration.ofMillis(900), dialer.lastTimeout());
    }

    @Test
    void aLeaseGivenBackFailsEveryUseNamingThePool() throws IOException {
        ConnectionPool pool = pool(PoolConfig.builder().name("orders"));
        Connection c = pool.borrow(SERVER);
        c.close();
        ConnectionClosedException read = assertThrows(ConnectionClosedException.class, c::readInt);
        assertTrue(read.getMessage().contains("given back to pool orders"), read.getMessage());
        IllegalStateException write = assertThrows(IllegalStateException.class, () -> c.writeInt(1));
        assertTrue(write.getMessage().contains("given back to pool orders"), write.getMessage());
        assertThrows(ConnectionClosedException.class, c::flush);
        assertThrows(IllegalStateException.class, () -> c.malloc(4));
        assertFalse(c.isActive(), "a returned lease is not active");
        assertFalse(c.isOpen(), "a returned lease is not open");
        assertEquals(SERVER, c.remoteAddress(), "the addresses stay readable for logging");
    }

    @Test
    void givingBackTwiceReturnsTheConnectionOnce() throws IOException {
        ConnectionPool pool = pool();
        Connection c = pool.borrow(SERVER);
        c.close();
        c.close();
        assertEquals(1, pool.stats().idle());
        assertEquals(0, pool.stats().active());
    }

    @Test
    void aConnectionWhoseReadFailedIsDestroyedOnReturnNotLentAgain() throws IOException {
        ConnectionPool pool = pool();
        SocketAddress failedOne;
        try (Connection c = pool.borrow(SERVER)) {
            failedOne = c.localAddress();
            c.writeInt(7);
            c.flush();
            physical(c).failNextIo(new ReadTimeoutException("read timed out (test)"));
            assertThrows(ReadTimeoutException.class, c::readInt);
        }
        assertTrue(dialer.dialed().get(0).isClosed(), "the failed connection is closed");
        assertEquals(1, pool.stats().destroyed());
        try (Connection c = pool.borrow(SERVER)) {
            assertNotEquals(failedOne, c.localAddress());
            echo(c, 8);
        }
        assertEquals(2, dialer.dialed().size());
    }

    @Test
    void aConnectionWhoseFlushFailedIsDestroyedOnReturn() throws IOException {
        ConnectionPool pool = pool();
        try (Connection c = pool.borrow(SERVER)) {
            physical(c).failNextIo(new IOException("broken pipe (test)"));
            c.writeInt(7);
            assertThrows(IOException.class, c::flush);
        }
        assertEquals(1, pool.stats().destroyed());
        assertEquals(0, pool.stats().idle());
    }

    @Test
    void aConnectionInactiveAtReturnIsDestroyedAndCountedAsAValidationFailure() throws IOException {
        ConnectionPool pool = pool();
        try (Connection c = pool.borrow(SERVER)) {
            physical(c).goInactiveSilently();
        }
        PoolStats stats = pool.stats();
        assertEquals(1, stats.destroyed());
        assertEquals(0, stats.idle());
        assertEquals(1, stats.validationFailures());
    }

    @Test
    void aConnectionGivenBackWithUnreadInputIsDestroyed() throws IOException {
        ConnectionPool pool = pool();
        try (Connection c = pool.borrow(SERVER)) {
            c.writeInt(1);
            c.flush();
        }
        assertEquals(1, pool.stats().destroyed(), "a response left unread would reach the next borrower");
    }

    @Test
    void aConnectionGivenBackWithUnflushedOutputIsDestroyed() throws IOException {
        ConnectionPool pool = pool();
        try (Connection c = pool.borrow(SERVER)) {
            c.writeInt(1);
        }
        assertEquals(1, pool.stats().destroyed());
    }

    @Test
    void settingsABorrowerChangedArePutBackOnReturn() throws IOException {
        ConnectionPool pool = pool(PoolConfig.builder().readTimeout(Duration.ofSeconds(3))
                .writeTimeout(Duration.ofSeconds(4)));
        FakeConnection p;
        try (Connection c = pool.borrow(SERVER)) {
            p = physical(c);
            c.setReadTimeout(Duration.ofMillis(1));
            c.setWriteTimeout(Duration.ofMillis(2));
            c.setMaxInputBytes(10);
            c.setOnRequest((ctx, conn) -> { }, null);
            c.pauseRead();
        }
        assertEquals(Duration.ofSeconds(3), p.readTimeout());
        assertEquals(Duration.ofSeconds(4), p.writeTimeout());
        assertEquals(0, p.maxInputBytes());
        assertEquals(null, p.onRequest());
        assertFalse(p.paused());
        assertEquals(1, pool.stats().idle(), "a restored connection is pooled again");
    }

    @Test
    void aConnectionWhoseKeepAliveWasChangedIsNotPooledAgain() throws IOException {
        ConnectionPool pool = pool();
        try (Connection c = pool.borrow(SERVER)) {
            c.setIdleTimeout(Duration.ofSeconds(1));
        }
        assertEquals(1, pool.stats().destroyed());
    }

    @Test
    void aLeaseCannotAddCloseCallbacks() throws IOException {
        ConnectionPool pool = pool();
        try (Connection c = pool.borrow(SERVER)) {
            assertThrows(UnsupportedOperationException.class, () -> c.addCloseCallback(x -> { }));
        }
    }

    @Test
    void readerAndWriterOfALeaseAreTheLeaseItself() throws IOException {
        ConnectionPool pool = pool();
        Connection c = pool.borrow(SERVER);
        assertSame(c, c.reader());
        assertSame(c, c.writer());
        c.close();
        assertThrows(IllegalStateException.class, c::reader);
    }

    @Test
    void invalidateClosesTheConnectionAndEndsTheLease() throws IOException {
        ConnectionPool pool = pool();
        Connection c = pool.borrow(SERVER);
        FakeConnection p = physical(c);
        pool.invalidate(c);
        assertTrue(p.isClosed());
        assertThrows(ConnectionClosedException.class, c::readInt);
        c.close();
        PoolStats stats = pool.stats();
        assertEquals(0, stats.active());
        assertEquals(0, stats.idle());
        assertEquals(1, stats.destroyed());
    }

    @Test
    void invalidateRefusesAConnectionFromElsewhere() throws IOException {
        ConnectionPool pool = pool();
        ConnectionPool other = pool();
        Connection foreign = other.borrow(SERVER);
        assertThrows(IllegalArgumentException.class, () -> pool.invalidate(foreign));
        assertThrows(IllegalArgumentException.class,
                () -> pool.invalidate(dialer.dialConnection(SERVER, Duration.ZERO)));
        foreign.close();
    }

    @Test
    void aDialFailureSurfacesTheDialersExceptionAsTheCause() {
        ConnectionPool pool = pool(PoolConfig.builder().dialTimeout(Duration.ofMillis(250)));
        dialer.down(SERVER);
        DialFailedException e = assertThrows(DialFailedException.class, () -> pool.borrow(SERVER));
        assertInstanceOf(ConnectException.class, e.getCause());
        assertTrue(e.getMessage().contains(SERVER.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("PT0.25S"), e.getMessage());
        PoolStats stats = pool.stats();
        assertEquals(1, stats.dialFailures());
        assertEquals(1, pool.stats(SERVER).dialFailures());
        assertEquals(0, stats.active(), "a failed dial holds no capacity");
        assertEquals(0, stats.created());
    }

    @Test
    void theAddressComesBackAfterADialFailure() throws IOException {
        ConnectionPool pool = pool();
        dialer.down(SERVER);
        assertThrows(DialFailedException.class, () -> pool.borrow(SERVER));
        dialer.up(SERVER);
        try (Connection c = pool.borrow(SERVER)) {
            echo(c, 3);
        }
    }

    @Test
    void aNewConnectionFoundDeadBeforeItIsLentIsDialedOnceMore() throws IOException {
        ConnectionPool pool = pool();
        dialer.deadOnArrival(1);
        try (Connection c = pool.borrow(SERVER)) {
            assertTrue(c.isActive());
            echo(c, 5);
        }
        assertEquals(2, dialer.dialed().size());
        assertEquals(1, pool.stats().validationFailures());
    }

    @Test
    void aPeerThatHangsUpRightAfterEveryDialFailsTheBorrow() {
        ConnectionPool pool = pool();
        dialer.deadOnArrival(2);
        DialFailedException e = assertThrows(DialFailedException.class, () -> pool.borrow(SERVER));
        assertTrue(e.getMessage().contains("closed at once"), e.getMessage());
        assertEquals(0, pool.stats().active());
        assertEquals(2, pool.stats().destroyed());
    }

    @Test
    void statsAreKeptPerAddress() throws IOException {
        ConnectionPool pool = pool();
        Connection a = pool.borrow(SERVER);
        Connection b = pool.borrow(SERVER);
        Connection c = pool.borrow(OTHER);
        b.close();
        assertEquals(1, pool.stats(SERVER).active());
        assertEquals(1, pool.stats(SERVER).idle());
        assertEquals(2, pool.stats(SERVER).created());
        assertEquals(1, pool.stats(OTHER).active());
        assertEquals(1, pool.stats(OTHER).created());
        assertEquals(2, pool.stats().active());
        assertEquals(3, pool.stats().created());
        PoolStats never = pool.stats(new InetSocketAddress("127.0.0.1", 1));
        assertEquals(0, never.created() + never.active() + never.idle());
        a.close();
        c.close();
    }

    @Test
    void closeClosesIdleConnectionsRefusesBorrowsAndClosesLentOnesWhenGivenBack()
            throws IOException {
        ConnectionPool pool = pool();
        Connection lent = pool.borrow(SERVER);
        pool.borrow(SERVER).close();
        pool.close();
        FakeConnection idle = dialer.dialed().get(1);
        assertTrue(idle.isClosed(), "idle connections are closed by close()");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.borrow(SERVER));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        lent.close();
        assertTrue(dialer.dialed().get(0).isClosed(), "a lent one is closed when given back");
        pool.close();
    }

    @Test
    void aNegativeMaxWaitIsRefused() {
        ConnectionPool pool = pool();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pool.borrow(SERVER, Duration.ofMillis(-1)));
        assertTrue(e.getMessage().contains("maxWait"), e.getMessage());
    }
}
