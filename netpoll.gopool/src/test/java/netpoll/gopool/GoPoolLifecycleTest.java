package netpoll.gopool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Shutdown, shutdownNow, awaitTermination, close, and the threads a pool leaves behind (none). */
class GoPoolLifecycleTest {

    private static final long WAIT_SECONDS = 10;
    private static final int VIRTUAL_THREADS_JDK = 21;

    @Test
    void tasksAcceptedBeforeShutdownAllRunAndLaterOnesAreRejectedNamingThePool() throws Exception {
        GoPool pool = GoPool.builder().name("orderly").capacity(2).build();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        int tasks = 50;
        pool.go(() -> GoPoolTest.await(release));
        for (int i = 0; i < tasks; i++) {
            pool.go(ran::incrementAndGet);
        }
        pool.shutdown();
        assertTrue(pool.isShutdown());
        assertFalse(pool.isTerminated(), "a task is still blocked");
        RejectedExecutionException e = assertThrows(RejectedExecutionException.class, () -> pool.go(() -> { }));
        assertTrue(e.getMessage().contains("orderly"), e.getMessage());
        assertFalse(pool.awaitTermination(50, TimeUnit.MILLISECONDS), "times out while a task blocks");

        release.countDown();
        assertTrue(pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS));
        assertTrue(pool.isTerminated());
        assertEquals(tasks, ran.get());
        assertEquals(tasks + 1, pool.completedCount());
        assertEquals(0, pool.workerCount());
        pool.close();
    }

    @Test
    void shutdownOfAnUnusedPoolTerminatesAtOnce() throws Exception {
        GoPool pool = GoPool.builder().build();
        pool.shutdown();
        assertTrue(pool.awaitTermination(0, TimeUnit.NANOSECONDS));
        pool.shutdown(); // idempotent
        assertTrue(pool.isTerminated());
    }

    @Test
    void shutdownNowReturnsTheTasksNotStartedAndInterruptsTheRunningOnes() throws Exception {
        GoPool pool = GoPool.builder().name("abrupt").capacity(1).build();
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        pool.go(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        assertTrue(started.await(WAIT_SECONDS, TimeUnit.SECONDS));
        AtomicInteger ran = new AtomicInteger();
        List<Runnable> waiting = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Runnable task = ran::incrementAndGet;
            waiting.add(task);
            pool.go(task);
        }
        List<Runnable> returned = pool.shutdownNow();
        assertEquals(waiting, returned, "the queued tasks, oldest first");
        assertTrue(pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS));
        assertTrue(interrupted.get(), "the running task was interrupted");
        assertEquals(0, ran.get(), "returned tasks never run");
        assertThrows(RejectedExecutionException.class, () -> pool.go(() -> { }));
        pool.close();
    }

    @Test
    void everyAcceptedTaskRunsExactlyOnceWhenShutdownRacesWithProducers() throws Exception {
        int producers = 3;
        int maxPerProducer = 200_000;
        GoPool pool = GoPool.builder().name("race").build();
        AtomicIntegerArray runs = new AtomicIntegerArray(producers * maxPerProducer);
        AtomicIntegerArray accepted = new AtomicIntegerArray(producers * maxPerProducer);
        CountDownLatch producing = new CountDownLatch(producers);
        CountDownLatch produced = new CountDownLatch(producers);
        for (int p = 0; p < producers; p++) {
            int from = p * maxPerProducer;
            new Thread(() -> {
                producing.countDown();
                try {
                    for (int i = from; i < from + maxPerProducer; i++) {
                        int id = i;
                        pool.go(() -> runs.incrementAndGet(id));
                        accepted.set(id, 1);
                    }
                } catch (RejectedExecutionException expected) {
                    // the shutdown overtook this producer
                } finally {
                    produced.countDown();
                }
            }, "racer-" + p).start();
        }
        assertTrue(producing.await(WAIT_SECONDS, TimeUnit.SECONDS));
        pool.shutdown();
        assertTrue(produced.await(WAIT_SECONDS, TimeUnit.SECONDS));
        assertTrue(pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS));
        long acceptedCount = 0;
        for (int i = 0; i < runs.length(); i++) {
            acceptedCount += accepted.get(i);
            if (runs.get(i) != accepted.get(i)) {
                assertEquals(accepted.get(i), runs.get(i), "task " + i + ": runs must equal accepted (0 or 1)");
            }
        }
        assertEquals(acceptedCount, pool.completedCount());
        pool.close();
    }

    @Test
    void closeLeavesNoThreadOfThePoolAlive() throws Exception {
        Set<Thread> before = Threads.live();
        int concurrent = Runtime.getRuntime().availableProcessors() + 4; // needs the scaler thread too
        GoPool pool = GoPool.builder().name("closing").capacity(concurrent).build();
        Set<Thread> workers = ConcurrentHashMap.newKeySet();
        CountDownLatch allRunning = new CountDownLatch(concurrent);
        for (int i = 0; i < concurrent; i++) {
            pool.go(() -> {
                workers.add(Thread.currentThread());
                allRunning.countDown();
                GoPoolTest.await(allRunning);
            });
        }
        for (int i = 0; i < 10_000; i++) {
            pool.go(() -> workers.add(Thread.currentThread()));
        }
        assertTrue(allRunning.await(WAIT_SECONDS, TimeUnit.SECONDS), concurrent + " workers run at once");
        assertFalse(Threads.named("closing").isEmpty());
        assertEquals(concurrent, workers.size());
        pool.close();
        assertTrue(pool.isTerminated());
        for (Thread t : workers) {
            assertFalse(t.isAlive(), t + " still alive after close");
        }
        Set<Thread> leftOver = new HashSet<>(Threads.live());
        leftOver.removeAll(before);
        leftOver.removeIf(t -> !t.getName().startsWith("closing"));
        assertEquals(Set.of(), leftOver, "threads of the pool alive after close");
        assertEquals(10_000 + concurrent, pool.completedCount());
    }

    @Test
    void closeInterruptsTasksThatOutlastTheCloseTimeoutAndStillEndsEveryThread() throws Exception {
        GoPool pool = GoPool.builder().name("stubborn").closeTimeout(Duration.ofMillis(100)).build();
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicReference<Thread> worker = new AtomicReference<>();
        pool.go(() -> {
            worker.set(Thread.currentThread());
            started.countDown();
            try {
                new CountDownLatch(1).await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        assertTrue(started.await(WAIT_SECONDS, TimeUnit.SECONDS));
        long start = System.nanoTime();
        pool.close();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(interrupted.get(), "the blocked task was interrupted");
        assertTrue(tookMillis >= 100 && tookMillis < WAIT_SECONDS * 1000 / 2, "close took " + tookMillis + " ms");
        assertFalse(worker.get().isAlive());
        assertTrue(pool.isTerminated());
    }

    @Test
    void closeKeepsTheCallersInterruptStatus() {
        GoPool pool = GoPool.builder().build();
        pool.go(() -> { });
        Thread.currentThread().interrupt();
        try {
            pool.close();
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        assertTrue(pool.isShutdown());
    }

    @Test
    void closeCalledByATaskOnlyShutsDownAndThePoolStillTerminates() throws Exception {
        GoPool pool = GoPool.builder().name("self-closing").build();
        CountDownLatch closed = new CountDownLatch(1);
        pool.go(() -> {
            pool.close();
            closed.countDown();
        });
        assertTrue(closed.await(WAIT_SECONDS, TimeUnit.SECONDS), "close() from a worker returns");
        assertTrue(pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS));
        pool.close();
        assertTrue(Threads.named("self-closing").isEmpty());
    }

    @Test
    void virtualThreadsRunWorkersOnJdk21AndSayWhatIsMissingOnOlderJdks() throws Exception {
        int feature = Runtime.version().feature();
        if (feature < VIRTUAL_THREADS_JDK) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> GoPool.builder().virtualThreads(true));
            assertTrue(e.getMessage().contains("JDK 21+"), e.getMessage());
            assertTrue(e.getMessage().contains(Runtime.version().toString()), e.getMessage());
            return;
        }
        assertThrows(IllegalArgumentException.class,
                () -> GoPool.builder().virtualThreads(true).daemon(false).build());
        GoPool pool = GoPool.builder().name("virtual").virtualThreads(true).build();
        AtomicReference<Thread> worker = new AtomicReference<>();
        pool.submit(() -> worker.set(Thread.currentThread())).get(WAIT_SECONDS, TimeUnit.SECONDS);
        Method isVirtual = Thread.class.getMethod("isVirtual");
        assertNotNull(worker.get());
        assertTrue((Boolean) isVirtual.invoke(worker.get()), "worker is a virtual thread");
        assertEquals("virtual-1", worker.get().getName());
        pool.close();
        assertFalse(worker.get().isAlive());
    }

    @Test
    void virtualThreadsFalseIsAlwaysAvailable() throws Exception {
        GoPool pool = GoPool.builder().virtualThreads(false).build();
        assertEquals("ok", pool.submit(() -> "ok").get(WAIT_SECONDS, TimeUnit.SECONDS));
        pool.close();
    }
}
