package netpoll.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import netpoll.api.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Exhaustion, waiting and the two limits. */
class LimitsTest {

    private static final SocketAddress A = new InetSocketAddress("127.0.0.1", 9200);
    private static final SocketAddress B = new InetSocketAddress("127.0.0.1", 9201);
    private static final Duration SHORT_WAIT = Duration.ofMillis(100);

    private final FakeDialer dialer = new FakeDialer();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private ConnectionPool pool;

    @AfterEach
    void cleanUp() throws InterruptedException {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(5, TimeUnit.SECONDS), "test threads ended");
        pool.close();
    }

    private ConnectionPool pool(int maxPerKey, int maxTotal) {
        pool = ConnectionPool.create(dialer, PoolConfig.builder().jmxEnabled(false).name("limits")
                .maxPerKey(maxPerKey).maxIdlePerKey(maxPerKey).maxTotal(maxTotal)
                .maxWait(SHORT_WAIT).build());
        return pool;
    }

    @Test
    void exhaustionWaitsMaxWaitThenNamesTheAddressTheLimitAndTheWait() throws IOException {
        pool(1, 10);
        try (Connection held = pool.borrow(A)) {
            long start = System.nanoTime();
            PoolExhaustedException e = assertThrows(PoolExhaustedException.class, () -> pool.borrow(A));
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waitedMs >= SHORT_WAIT.toMillis() - 5, "waited only " + waitedMs + " ms");
            String m = e.getMessage();
            assertTrue(m.contains(A.toString()) && m.contains("maxPerKey 1") && m.contains("PT0.1S")
                    && m.contains("limits"), m);
        }
    }

    @Test
    void aZeroWaitFailsAtOnceWhenExhausted() throws IOException {
        pool(1, 10);
        try (Connection held = pool.borrow(A)) {
            long start = System.nanoTime();
            assertThrows(PoolExhaustedException.class, () -> pool.borrow(A, Duration.ZERO));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1));
        }
    }

    @Test
    void aWaitingBorrowerGetsTheConnectionGivenBack() throws Exception {
        pool(1, 10);
        Connection held = pool.borrow(A);
        SocketAddress heldLocal = held.localAddress();
        CountDownLatch waiting = new CountDownLatch(1);
        Future<SocketAddress> waiter = threads.submit(() -> {
            waiting.countDown();
            try (Connection c = pool.borrow(A, Duration.ofSeconds(5))) {
                return c.localAddress();
            }
        });
        assertTrue(waiting.await(5, TimeUnit.SECONDS));
        Await.until(() -> pool.stats().active() == 1, () -> "stats " + pool.stats());
        held.close();
        assertEquals(heldLocal, waiter.get(5, TimeUnit.SECONDS));
        assertEquals(1, dialer.dialed().size());
    }

    @Test
    void maxTotalHoldsAcrossAddresses() throws IOException {
        pool(2, 3);
        Connection a1 = pool.borrow(A);
        Connection a2 = pool.borrow(A);
        Connection b1 = pool.borrow(B);
        PoolExhaustedException e = assertThrows(PoolExhaustedException.class, () -> pool.borrow(B));
        assertTrue(e.getMessage().contains("maxTotal 3"), e.getMessage());
        assertEquals(3, pool.stats().active());
        a1.close();
        try (Connection b2 = pool.borrow(B)) {
            assertEquals(B, b2.remoteAddress());
        }
        a2.close();
        b1.close();
    }

    @Test
    void anInterruptedWaitFailsWithInterruptedIoAndKeepsTheInterrupt() throws Exception {
        pool(1, 10);
        try (Connection held = pool.borrow(A)) {
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            CountDownLatch started = new CountDownLatch(1);
            Thread t = new Thread(() -> {
                started.countDown();
                try {
                    pool.borrow(A, Duration.ofSeconds(30)).close();
                    outcome.complete(null);
                } catch (Throwable x) {
                    outcome.complete(Thread.currentThread().isInterrupted() ? x : new AssertionError(
                            "interrupt status lost", x));
                }
            });
            t.start();
            assertTrue(started.await(5, TimeUnit.SECONDS));
            Await.until(() -> t.getState() == Thread.State.TIMED_WAITING
                    || t.getState() == Thread.State.WAITING, () -> "state " + t.getState());
            t.interrupt();
            Throwable x = outcome.get(5, TimeUnit.SECONDS);
            assertTrue(x instanceof InterruptedIOException, String.valueOf(x));
            t.join(TimeUnit.SECONDS.toMillis(5));
        }
    }
}
