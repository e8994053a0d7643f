package netpoll.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import netpoll.api.Connection;
import netpoll.api.spi.Transport;
import netpoll.mcache.Mcache;
import netpoll.nio.Nio;
import netpoll.nio.NioConfig;
import netpoll.pool.ConnectionPool;
import netpoll.pool.PoolConfig;
import netpoll.pool.PoolExhaustedException;
import netpoll.pool.PoolStats;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * 32 threads use a connection pool while the server drops pooled connections at random and
 * restarts: every request either gets its own answer or fails where the client sees it (none is
 * lost or answered wrong), and no borrow returns a connection the transport knows is dead.
 */
@Tag("fast")
class PoolUnderFaultsTest extends FaultTestBase {

    static final int THREADS = 32;
    static final Duration CHAOS = Duration.ofSeconds(6);
    static final Duration CALM = Duration.ofSeconds(1);
    static final long DROP_EVERY_MILLIS = 20;
    static final long RESTART_EVERY_MILLIS = 1_500;
    static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    static final int MAX_PER_KEY = 16;
    static final String CLIENT = "faults-client";

    /** Counters shared by the client threads (atomics). */
    static final class Tally {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong answered = new AtomicLong();
        final AtomicLong failedSeen = new AtomicLong();
        final AtomicLong borrowFailed = new AtomicLong();
        final AtomicLong wrongAnswers = new AtomicLong();
        /** Borrows whose connection was dead by the time the borrower looked: a drop raced the borrow. */
        final AtomicLong deadAtBorrow = new AtomicLong();
        /** What failed requests and borrows threw, by exception class. */
        final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

        void failed(Exception e) {
            failures.computeIfAbsent(e.getClass().getSimpleName(), k -> new LongAdder()).increment();
        }

        @Override
        public String toString() {
            return sent + " requests sent: " + answered + " answered right, " + failedSeen + " failed where the"
                    + " client saw it, " + wrongAnswers + " answered wrong; " + borrowFailed + " borrows failed (server"
                    + " down or pool exhausted), " + deadAtBorrow + " borrowed connections already dead when the"
                    + " borrower looked (a drop racing the borrow); failures: "
                    + failures;
        }
    }

    @Test
    void noRequestIsLostAndNoBorrowReturnsADeadConnection() throws Exception {
        Tally tally = new Tally();
        int drops;
        int restarts;
        int stale;
        PoolStats stats;
        try (Mcache clientCache = Mcache.builder().leakDetection(true).build();
             Transport client = Nio.newTransport(NioConfig.builder().name(CLIENT).mcache(clientCache).build())) {
            try (ConnectionPool pool = ConnectionPool.create(client.dialer(), PoolConfig.builder()
                    .maxPerKey(MAX_PER_KEY).maxIdlePerKey(MAX_PER_KEY).maxWait(READ_TIMEOUT)
                    .readTimeout(READ_TIMEOUT).writeTimeout(READ_TIMEOUT).jmxEnabled(false).build())) {
                AtomicBoolean stop = new AtomicBoolean();
                ExecutorService clients = Executors.newFixedThreadPool(THREADS);
                try {
                    List<Future<?>> running = new ArrayList<>();
                    for (int t = 0; t < THREADS; t++) {
                        long first = (long) t << 32;
                        running.add(clients.submit(() -> use(pool, server.address(), first, stop, tally)));
                    }
                    int[] faults = chaos(CHAOS);
                    drops = faults[0];
                    restarts = faults[1];
                    long calmFrom = tally.sent.get();
                    long failedBeforeCalm = tally.failedSeen.get() + tally.borrowFailed.get();
                    Thread.sleep(CALM.toMillis());
                    stop.set(true);
                    for (Future<?> r : running) {
                        r.get(READ_TIMEOUT.toSeconds() * 10, TimeUnit.SECONDS);
                    }
                    assertTrue(tally.sent.get() > calmFrom, "no request was sent once the faults stopped");
                    assertTrue(tally.failedSeen.get() + tally.borrowFailed.get() - failedBeforeCalm <= MAX_PER_KEY,
                            "requests still failed once the server was calm: " + tally);
                } finally {
                    clients.shutdownNow();
                    clients.awaitTermination(READ_TIMEOUT.toSeconds() * 10, TimeUnit.SECONDS);
                }
                stale = borrowAfterEveryPooledConnectionDied(pool);
                stats = pool.stats();
            }
            client.close();
            long deadline = System.nanoTime() + ServerUnderTest.SETTLE.toNanos();
            while (clientCache.outstandingBuffers() != 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(0, clientCache.outstandingBuffers(), () -> "client buffers leaked:\n" + clientCache.leakReport());
        }
        Report.line("pool under faults", "%d threads, %d s of faults (%d pooled connections dropped by the server,"
                + " %d server restarts) then %d s calm: %s; then %d pooled connections dropped while idle, and %d"
                + " borrows after that all got live connections; pool: %s", THREADS, CHAOS.toSeconds(), drops, restarts,
                CALM.toSeconds(), tally, stale, MAX_PER_KEY, stats);
        assertEquals(tally.sent.get(), tally.answered.get() + tally.failedSeen.get(),
                "requests neither answered nor seen to fail: " + tally);
        assertEquals(0, tally.wrongAnswers.get(), "requests answered with another request's bytes: " + tally);
        Set<String> left = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(CLIENT)).collect(Collectors.toSet());
        assertEquals(Set.of(), left, "client transport threads left");
        assertRecovered("pool under faults");
    }

    /**
     * With no client running, the server drops every pooled connection; once the pool has let go
     * of them (its close callback evicts a connection whose peer hung up), borrows must all get live
     * connections that answer.
     *
     * @return how many pooled connections were dropped
     */
    private int borrowAfterEveryPooledConnectionDied(ConnectionPool pool) throws Exception {
        int dropped = server.open.size();
        for (Connection c : new ArrayList<>(server.open)) {
            c.close();
        }
        server.awaitNoConnections();
        long deadline = System.nanoTime() + ServerUnderTest.SETTLE.toNanos();
        while (pool.stats().idle() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, pool.stats().idle(), "the pool still holds connections whose peer hung up");
        List<Connection> leases = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_PER_KEY; i++) {
                Connection c = pool.borrow(server.address());
                leases.add(c);
                assertTrue(c.isActive(), "a borrow returned a connection whose peer had hung up");
            }
            long id = 0;
            for (Connection c : leases) {
                c.writeInt(Long.BYTES);
                c.writeLong(++id);
                c.flush();
                assertEquals(Long.BYTES, c.readInt());
                assertEquals(id, c.readLong());
                c.release();
            }
        } finally {
            for (Connection c : leases) {
                c.close();
            }
        }
        return dropped;
    }

    /** One client thread: borrow, one request with a unique id, give back; until stopped. */
    private static Void use(ConnectionPool pool, InetSocketAddress address, long firstId, AtomicBoolean stop, Tally tally) {
        long id = firstId;
        while (!stop.get()) {
            Connection lease;
            try {
                lease = pool.borrow(address);
            } catch (IOException | PoolExhaustedException e) {
                tally.borrowFailed.incrementAndGet();
                tally.failed(e);
                continue;
            }
            if (!lease.isActive()) {
                tally.deadAtBorrow.incrementAndGet();
            }
            id++;
            tally.sent.incrementAndGet();
            try (Connection c = lease) {
                c.writeInt(Long.BYTES);
                c.writeLong(id);
                c.flush();
                int n = c.readInt();
                long got = c.readLong();
                c.release();
                if (n == Long.BYTES && got == id) {
                    tally.answered.incrementAndGet();
                } else {
                    tally.wrongAnswers.incrementAndGet();
                }
            } catch (IOException e) {
                tally.failedSeen.incrementAndGet();
                tally.failed(e);
            }
        }
        return null;
    }

    /** Drops a random server connection every few ms and restarts the server now and then. */
    private int[] chaos(Duration length) throws Exception {
        Random random = new Random(9);
        int drops = 0;
        int restarts = 0;
        long end = System.nanoTime() + length.toNanos();
        long nextRestart = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RESTART_EVERY_MILLIS);
        while (System.nanoTime() < end) {
            Thread.sleep(DROP_EVERY_MILLIS);
            List<Connection> open = new ArrayList<>(server.open);
            if (!open.isEmpty()) {
                open.get(random.nextInt(open.size())).close();
                drops++;
            }
            if (System.nanoTime() > nextRestart) {
                server.stopServing();
                server.listen();
                restarts++;
                nextRestart = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RESTART_EVERY_MILLIS);
            }
        }
        return new int[] {drops, restarts};
    }
}
