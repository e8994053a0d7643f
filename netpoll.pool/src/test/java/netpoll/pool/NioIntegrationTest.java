package netpoll.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import netpoll.api.Connection;
import netpoll.api.Netpoll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pool over the real transport ({@code netpoll.nio}) against a real echo server on loopback:
 * dead connections are never lent, many threads share the pool correctly, exhaustion and dial
 * failures surface as documented.
 */
class NioIntegrationTest {

    private static final int CONNECTIONS = 20;
    private static final int PAYLOAD = 256;
    private static final Duration STRESS_RUN = Duration.ofSeconds(2);
    private static final int STRESS_THREADS = 8;
    private static final int STRESS_MAX_PER_KEY = 4;
    private static final int MAX_ITERATIONS_PER_THREAD = 1_000_000;

    private NioEchoServer server;
    private RecordingDialer dialer;
    private ConnectionPool pool;

    @BeforeEach
    void startServer() throws IOException {
        server = NioEchoServer.start("127.0.0.1:0");
        dialer = new RecordingDialer(Netpoll.newDialer());
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (pool != null) {
            pool.close();
        }
        server.close();
    }

    private ConnectionPool pool(PoolConfig.Builder config) {
        pool = ConnectionPool.create(dialer, config.jmxEnabled(false).build());
        return pool;
    }

    private static void request(Connection c) throws IOException {
        byte[] payload = new byte[PAYLOAD];
        ThreadLocalRandom.current().nextBytes(payload);
        c.writeInt(payload.length);
        c.writeBinary(payload);
        c.flush();
        int n = c.readInt();
        assertEquals(payload.length, n, "answer length");
        assertArrayEquals(payload, c.readBinary(n), "answer bytes");
        c.release();
    }

    /** Borrows {@code n} connections at once, makes a request on each, gives them back. */
    private void borrowAllAndRequest(int n) throws IOException {
        List<Connection> leases = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                Connection c = pool.borrow(server.address());
                leases.add(c);
                assertTrue(c.isActive(), "borrow " + i + " lent an inactive connection");
                request(c);
            }
        } finally {
            for (Connection c : leases) {
                c.close();
            }
        }
    }

    @Test
    void idleConnectionsTheServerClosesAreEvictedAtOnceAndNeverLent() throws IOException {
        pool(PoolConfig.builder().maxPerKey(CONNECTIONS).maxIdlePerKey(CONNECTIONS)
                .evictionInterval(Duration.ZERO));
        borrowAllAndRequest(CONNECTIONS);
        assertEquals(CONNECTIONS, pool.stats().idle());
        Await.until(() -> server.openConnections() == CONNECTIONS, () -> "server side "
                + server.openConnections());

        int closed = server.closeRandomHalf();
        Await.until(() -> dialer.inactive() == closed, () -> dialer.inactive()
                + " of " + closed + " client connections seen dead");
        borrowAllAndRequest(CONNECTIONS);

        Await.until(() -> server.openConnections() == CONNECTIONS, () -> "server side "
                + server.openConnections());
        assertEquals(closed, server.closeRandomHalf());
        // Commons Pool takes an evicted connection out of the idle set before it counts it
        // destroyed, so wait for both
        Await.until(() -> pool.stats().idle() == CONNECTIONS - closed && pool.stats().destroyed() == 2 * closed,
                () -> "no evictor runs, so only the close callbacks can evict: " + pool.stats());
        PoolStats stats = pool.stats();
        assertEquals(CONNECTIONS + closed, stats.created());
        borrowAllAndRequest(CONNECTIONS);
        stats = pool.stats();
        assertEquals(CONNECTIONS + 2 * closed, stats.created());
        assertEquals(2 * closed, stats.destroyed());
        assertEquals(2 * closed, stats.validationFailures());
    }

    @Test
    void aServerRestartLeavesNoDeadConnectionToLend() throws Exception {
        pool(PoolConfig.builder().maxPerKey(CONNECTIONS).maxIdlePerKey(CONNECTIONS));
        borrowAllAndRequest(CONNECTIONS);
        InetSocketAddress address = server.address();
        server.close();
        Await.until(() -> dialer.inactive() == CONNECTIONS, () -> dialer.inactive()
                + " of " + CONNECTIONS + " client connections seen dead");
        server = NioEchoServer.start(address.getHostString() + ":" + address.getPort());

        borrowAllAndRequest(CONNECTIONS);
        assertEquals(2 * CONNECTIONS, pool.stats().created());
        assertEquals(CONNECTIONS, pool.stats().destroyed());
    }

    @Test
    void manyThreadsShareThePoolWithinItsLimitsAndLeakNothing() throws Exception {
        pool(PoolConfig.builder().maxPerKey(STRESS_MAX_PER_KEY).maxIdlePerKey(STRESS_MAX_PER_KEY)
                .maxWait(Duration.ofSeconds(5)));
        Map<Connection, AtomicInteger> holders = new ConcurrentHashMap<>();
        AtomicInteger lent = new AtomicInteger();
        AtomicLong requests = new AtomicLong();
        List<String> violations = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(STRESS_THREADS);
        CountDownLatch start = new CountDownLatch(1);
        long deadline = System.nanoTime() + STRESS_RUN.toNanos();
        List<Future<?>> work = new ArrayList<>();
        try {
            for (int t = 0; t < STRESS_THREADS; t++) {
                work.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < MAX_ITERATIONS_PER_THREAD && System.nanoTime() - deadline < 0; i++) {
                        try (Connection c = pool.borrow(server.address())) {
                            Connection physical = physicalOf(c);
                            if (holders.computeIfAbsent(physical, k -> new AtomicInteger())
                                    .incrementAndGet() != 1) {
                                violations.add(physical + " lent twice at once");
                            }
                            if (lent.incrementAndGet() > STRESS_MAX_PER_KEY) {
                                violations.add("more than maxPerKey lent");
                            }
                            request(c);
                            requests.incrementAndGet();
                            lent.decrementAndGet();
                            holders.get(physical).decrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : work) {
                f.get(STRESS_RUN.toSeconds() + 30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
            assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS), "test threads ended");
        }
        assertEquals(List.of(), violations);
        assertTrue(requests.get() > STRESS_THREADS, "requests " + requests.get());
        PoolStats stats = pool.stats();
        assertEquals(0, stats.active());
        assertEquals(stats.created() - stats.destroyed(), stats.idle());
        assertTrue(stats.created() <= STRESS_MAX_PER_KEY, "created " + stats.created());

        pool.close();
        for (Connection c : dialer.dialed()) {
            assertTrue(!c.isOpen(), c + " left open after the pool closed");
        }
        Await.until(() -> server.openConnections() == 0, () -> server.openConnections()
                + " server-side connections still open");
    }

    private Connection physicalOf(Connection lease) {
        SocketAddress local = lease.localAddress();
        return dialer.dialed().stream().filter(c -> c.localAddress().equals(local)).findFirst()
                .orElseThrow(() -> new AssertionError("no dialed connection for " + lease));
    }

    @Test
    void exhaustionFailsAfterTheWaitNamingTheAddress() throws IOException {
        pool(PoolConfig.builder().maxPerKey(2).maxIdlePerKey(2).maxWait(Duration.ofMillis(100)));
        try (Connection a = pool.borrow(server.address());
                Connection b = pool.borrow(server.address())) {
            request(a);
            request(b);
            PoolExhaustedException e = assertThrows(PoolExhaustedException.class,
                    () -> pool.borrow(server.address()));
            assertTrue(e.getMessage().contains(server.address().toString()), e.getMessage());
            assertTrue(e.getMessage().contains("maxPerKey 2"), e.getMessage());
        }
        try (Connection c = pool.borrow(server.address())) {
            request(c);
        }
    }

    @Test
    void aDialToAClosedPortFailsWithTheDialersExceptionAsCause() throws IOException {
        SocketAddress nobody;
        try (ServerSocketChannel ch = ServerSocketChannel.open()) {
            ch.bind(new InetSocketAddress("127.0.0.1", 0));
            nobody = ch.getLocalAddress();
        }
        pool(PoolConfig.builder().dialTimeout(Duration.ofSeconds(2)));
        DialFailedException e = assertThrows(DialFailedException.class, () -> pool.borrow(nobody));
        assertInstanceOf(IOException.class, e.getCause());
        assertTrue(e.getMessage().contains(nobody.toString()), e.getMessage());
        assertEquals(1, pool.stats().dialFailures());
        assertEquals(0, pool.stats().active());
    }
}
