package netpoll.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import netpoll.api.Connection;
import org.junit.jupiter.api.Test;

/**
 * Many threads borrowing and giving back for seconds while peers hang up at random: no
 * connection is lent twice at once, the limits hold, the counts agree at the end, and nothing is
 * left open or running after close.
 */
class ConcurrencyTest {

    private static final int THREADS = 8;
    private static final int MAX_PER_KEY = 3;
    private static final int MAX_TOTAL = 7;
    private static final Duration RUN = Duration.ofSeconds(2);
    private static final int MAX_ITERATIONS_PER_THREAD = 2_000_000;
    private static final long HANG_UP_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final List<SocketAddress> ADDRESSES = List.of(
            new InetSocketAddress("127.0.0.1", 9400), new InetSocketAddress("127.0.0.1", 9401),
            new InetSocketAddress("127.0.0.1", 9402));

    private final FakeDialer dialer = new FakeDialer();
    private final Map<SocketAddress, AtomicInteger> lentPerAddress = new ConcurrentHashMap<>();
    private final AtomicInteger lentTotal = new AtomicInteger();
    private final AtomicReference<String> violation = new AtomicReference<>();
    private final AtomicLong borrows = new AtomicLong();
    private final AtomicLong failedUses = new AtomicLong();

    @Test
    void manyThreadsNeverShareAConnectionAndTheCountsAgreeAtTheEnd() throws Exception {
        ConnectionPool pool = ConnectionPool.create(dialer, PoolConfig.builder().name("stress")
                .jmxEnabled(false).maxPerKey(MAX_PER_KEY).maxIdlePerKey(MAX_PER_KEY)
                .maxTotal(MAX_TOTAL).maxWait(Duration.ofSeconds(5))
                .evictionInterval(Duration.ofMillis(50)).build());
        ADDRESSES.forEach(a -> lentPerAddress.put(a, new AtomicInteger()));
        ExecutorService threads = Executors.newFixedThreadPool(THREADS + 1);
        CountDownLatch start = new CountDownLatch(1);
        long deadline = System.nanoTime() + RUN.toNanos();
        List<Future<?>> work = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                work.add(threads.submit(() -> borrowLoop(pool, start, deadline)));
            }
            work.add(threads.submit(() -> hangUpLoop(start, deadline)));
            start.countDown();
            for (Future<?> f : work) {
                f.get(RUN.toSeconds() + 30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
            assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS), "test threads ended");
        }
        assertEquals(null, violation.get());
        assertTrue(borrows.get() > THREADS, "borrows: " + borrows.get());

        Await.until(() -> consistent(pool.stats()), () -> "stats " + pool.stats());
        PoolStats stats = pool.stats();
        assertEquals(0, stats.active());
        assertTrue(stats.idle() <= MAX_TOTAL, "idle " + stats.idle());
        assertEquals(dialer.dialed().size(), stats.created());

        pool.close();
        for (FakeConnection c : dialer.dialed()) {
            assertTrue(c.isClosed(), c + " left open after close");
        }
        assertEquals(stats.created(), pool.stats().destroyed(), "every connection destroyed");
        Await.until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("netpoll-pool-stress")),
                () -> "the pool's eviction thread is still alive");
    }

    private static boolean consistent(PoolStats s) {
        return s.active() == 0 && s.created() - s.destroyed() == s.idle();
    }

    private void borrowLoop(ConnectionPool pool, CountDownLatch start, long deadline) {
        await(start);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < MAX_ITERATIONS_PER_THREAD && System.nanoTime() - deadline < 0; i++) {
            SocketAddress address = ADDRESSES.get(random.nextInt(ADDRESSES.size()));
            try (Connection c = pool.borrow(address)) {
                borrows.incrementAndGet();
                FakeConnection physical = find(c);
                check(physical.holders.incrementAndGet() == 1, c + " lent twice at once");
                check(lentPerAddress.get(address).incrementAndGet() <= MAX_PER_KEY,
                        "more than maxPerKey lent to " + address);
                check(lentTotal.incrementAndGet() <= MAX_TOTAL, "more than maxTotal lent");
                use(c, i);
                lentTotal.decrementAndGet();
                lentPerAddress.get(address).decrementAndGet();
                physical.holders.decrementAndGet();
            } catch (IOException e) {
                check(false, "borrow failed: " + e);
            }
        }
    }

    private void use(Connection c, int value) {
        try {
            c.writeInt(value);
            c.flush();
            if (c.readInt() != value) {
                check(false, "echo mismatch on " + c);
            }
        } catch (IOException e) {
            failedUses.incrementAndGet();
        }
    }

    private void hangUpLoop(CountDownLatch start, long deadline) {
        await(start);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (System.nanoTime() - deadline < 0) {
            List<FakeConnection> all = dialer.dialed();
            if (!all.isEmpty()) {
                all.get(random.nextInt(all.size())).peerHangsUp();
            }
            LockSupport.parkNanos(HANG_UP_EVERY_NANOS);
        }
    }

    private FakeConnection find(Connection lease) {
        FakeConnection c = dialer.byLocalAddress(lease.localAddress());
        if (c == null) {
            throw new AssertionError("no dialed connection for " + lease);
        }
        return c;
    }

    private void check(boolean ok, String message) {
        if (!ok) {
            violation.compareAndSet(null, message);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("start latch timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
