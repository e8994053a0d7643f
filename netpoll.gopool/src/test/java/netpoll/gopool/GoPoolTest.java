package netpoll.gopool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Behaviour of a running pool: hand-off, scaling, failures, counters. */
class GoPoolTest {

    private static final long WAIT_SECONDS = 10;

    private final List<GoPool> pools = new ArrayList<>();

    private GoPool track(GoPool pool) {
        pools.add(pool);
        return pool;
    }

    @AfterEach
    void closePools() {
        pools.forEach(GoPool::close);
    }

    @Test
    void everyTaskRunsExactlyOnceWithManyProducersAndMillionsOfTinyTasks() throws Exception {
        int producers = 4;
        int perProducer = 500_000;
        int total = producers * perProducer;
        GoPool pool = track(GoPool.builder().name("exactly-once").build());
        AtomicIntegerArray runs = new AtomicIntegerArray(total);
        CountDownLatch produced = new CountDownLatch(producers);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int from = p * perProducer;
            threads.add(new Thread(() -> {
                for (int i = from; i < from + perProducer; i++) {
                    int id = i;
                    pool.go(() -> runs.incrementAndGet(id));
                }
                produced.countDown();
            }, "producer-" + p));
        }
        threads.forEach(Thread::start);
        assertTrue(produced.await(WAIT_SECONDS, TimeUnit.SECONDS), "producers finish");
        pool.shutdown();
        assertTrue(pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS), "pool drains");
        for (Thread t : threads) {
            t.join();
        }
        for (int i = 0; i < total; i++) {
            if (runs.get(i) != 1) {
                assertEquals(1, runs.get(i), "runs of task " + i);
            }
        }
        assertEquals(total, pool.completedCount());
        assertEquals(0, pool.queuedCount());
    }

    @Test
    void capacityBoundsTheWorkersAndTheRestWaitInTheQueue() throws Exception {
        int capacity = 3;
        int tasks = 10;
        GoPool pool = track(GoPool.builder().name("capped").capacity(capacity).build());
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostRunning = new AtomicInteger();
        CountDownLatch allStarted = new CountDownLatch(capacity);
        CountDownLatch finished = new CountDownLatch(tasks);
        for (int i = 0; i < tasks; i++) {
            pool.go(() -> {
                mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                allStarted.countDown();
                await(release);
                running.decrementAndGet();
                finished.countDown();
            });
        }
        assertTrue(allStarted.await(WAIT_SECONDS, TimeUnit.SECONDS), "capacity workers start");
        assertEquals(capacity, pool.workerCount());
        assertEquals(tasks - capacity, pool.queuedCount());
        release.countDown();
        assertTrue(finished.await(WAIT_SECONDS, TimeUnit.SECONDS), "all tasks run");
        assertEquals(capacity, mostRunning.get(), "never more than capacity at once");
        assertTrue(pool.workerCount() <= capacity);
    }

    @Test
    void aWaitingTaskStartsAnotherWorkerWhenAllWorkersAreBusy() throws Exception {
        GoPool pool = track(GoPool.builder().name("grows").capacity(4).build());
        CountDownLatch bothRunning = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < 2; i++) {
            pool.go(() -> {
                bothRunning.countDown();
                await(release);
            });
        }
        assertTrue(bothRunning.await(WAIT_SECONDS, TimeUnit.SECONDS),
                "the second task runs beside the blocked first one");
        assertEquals(2, pool.workerCount());
        release.countDown();
    }

    @Test
    void blockedWorkersMakeThePoolGrowPastOnePerCoreUpToCapacityWithoutFurtherSubmits() throws Exception {
        int capacity = Runtime.getRuntime().availableProcessors() + 3;
        GoPool pool = track(GoPool.builder().name("blocked").capacity(capacity).build());
        CountDownLatch allRunning = new CountDownLatch(capacity);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < capacity + 2; i++) {
            pool.go(() -> {
                allRunning.countDown();
                await(release);
            });
        }
        assertTrue(allRunning.await(WAIT_SECONDS, TimeUnit.SECONDS),
                "the stall watchdog starts workers until capacity run at once");
        assertEquals(capacity, pool.workerCount());
        assertEquals(2, pool.queuedCount());
        release.countDown();
    }

    @Test
    void tasksStuckWhileRunnableStillGetMoreWorkersAfterALongerStall() throws Exception {
        int capacity = Runtime.getRuntime().availableProcessors() + 1;
        GoPool pool = track(GoPool.builder().name("spinners").capacity(capacity).build());
        CountDownLatch allRunning = new CountDownLatch(capacity);
        java.util.concurrent.atomic.AtomicBoolean release = new java.util.concurrent.atomic.AtomicBoolean();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        for (int i = 0; i < capacity; i++) {
            pool.go(() -> {
                allRunning.countDown();
                while (!release.get() && System.nanoTime() - deadline < 0) {
                    Thread.onSpinWait(); // stuck but runnable, as in native blocking I/O
                }
            });
        }
        try {
            assertTrue(allRunning.await(WAIT_SECONDS, TimeUnit.SECONDS),
                    "runnable but stuck workers get company after the longer stall");
        } finally {
            release.set(true);
        }
    }

    @Test
    void withAHighScaleThresholdBlockedTasksStillGetWorkersAfterAStallUpToCapacity() throws Exception {
        int capacity = 3;
        GoPool pool = track(GoPool.builder().name("patient").capacity(capacity).scaleThreshold(1000).build());
        CountDownLatch allRunning = new CountDownLatch(capacity);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < capacity; i++) {
            pool.go(() -> {
                allRunning.countDown();
                await(release);
            });
        }
        assertTrue(allRunning.await(WAIT_SECONDS, TimeUnit.SECONDS),
                "no waiting task is left without a worker while the pool is below capacity");
        release.countDown();
    }

    @Test
    void idleWorkersLeaveAfterKeepAliveAndTheNextTaskStartsANewOne() throws Exception {
        String name = "keepalive";
        GoPool pool = track(GoPool.builder().name(name).keepAlive(Duration.ofMillis(100)).build());
        CountDownLatch bothRunning = new CountDownLatch(2);
        Set<Thread> used = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 2; i++) {
            pool.go(() -> {
                used.add(Thread.currentThread());
                bothRunning.countDown();
                await(bothRunning);
            });
        }
        assertTrue(bothRunning.await(WAIT_SECONDS, TimeUnit.SECONDS));
        assertTrue(Threads.awaitCondition(() -> pool.workerCount() == 0, WAIT_SECONDS), "idle workers leave");
        assertTrue(Threads.awaitDead(used, WAIT_SECONDS), "their threads end");
        assertTrue(Threads.named(name).isEmpty(), "no thread of the pool is alive: " + Threads.named(name));

        CountDownLatch ranAgain = new CountDownLatch(1);
        pool.go(ranAgain::countDown);
        assertTrue(ranAgain.await(WAIT_SECONDS, TimeUnit.SECONDS), "a task after they left still runs");
    }

    @Test
    void panicHandlerGetsTheTaskAndWhatItThrewAndTheTasksBehindItStillRun() throws Exception {
        AtomicReference<Runnable> failedTask = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch handled = new CountDownLatch(1);
        GoPool pool = track(GoPool.builder().name("panics").capacity(1)
                .panicHandler((task, thrown) -> {
                    failedTask.set(task);
                    failure.set(thrown);
                    handled.countDown();
                }).build());
        CountDownLatch gate = new CountDownLatch(1);
        pool.go(() -> await(gate)); // holds the only worker so the rest queue up behind the thrower
        IllegalStateException boom = new IllegalStateException("boom");
        Runnable thrower = () -> {
            throw boom;
        };
        pool.go(thrower);
        int behind = 100;
        CountDownLatch ran = new CountDownLatch(behind);
        for (int i = 0; i < behind; i++) {
            pool.go(ran::countDown);
        }
        gate.countDown();
        assertTrue(handled.await(WAIT_SECONDS, TimeUnit.SECONDS), "panic handler called");
        assertSame(thrower, failedTask.get());
        assertSame(boom, failure.get());
        assertTrue(ran.await(WAIT_SECONDS, TimeUnit.SECONDS), "tasks queued behind the thrower run");
        assertEquals(1, pool.workerCount(), "the worker survived");
    }

    @Test
    void aPanicHandlerThatThrowsAndTheDefaultHandlerKeepThePoolWorking() throws Exception {
        GoPool throwing = track(GoPool.builder().name("bad-handler").capacity(1)
                .panicHandler((task, thrown) -> {
                    throw new IllegalStateException("handler fails too");
                }).build());
        GoPool logging = track(GoPool.builder().name("default-handler").capacity(1).build());
        for (GoPool pool : List.of(throwing, logging)) {
            CountDownLatch after = new CountDownLatch(1);
            pool.go(() -> {
                throw new IllegalArgumentException("task fails");
            });
            pool.go(after::countDown);
            assertTrue(after.await(WAIT_SECONDS, TimeUnit.SECONDS), pool.name() + " still runs tasks");
            assertTrue(Threads.awaitCondition(() -> pool.completedCount() == 2, WAIT_SECONDS),
                    "the failed task counts as completed");
        }
    }

    @Test
    void anInterruptLeftByOneTaskDoesNotReachTheNext() throws Exception {
        GoPool pool = track(GoPool.builder().name("interrupts").capacity(1).build());
        AtomicReference<Boolean> nextSawInterrupt = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        pool.go(() -> Thread.currentThread().interrupt());
        pool.go(() -> {
            nextSawInterrupt.set(Thread.currentThread().isInterrupted());
            done.countDown();
        });
        assertTrue(done.await(WAIT_SECONDS, TimeUnit.SECONDS));
        assertFalse(nextSawInterrupt.get());
    }

    @Test
    void countersReportWorkersQueuedAndCompletedTasks() throws Exception {
        GoPool pool = track(GoPool.builder().name("counters").capacity(1).build());
        assertEquals(0, pool.workerCount());
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        pool.go(() -> {
            started.countDown();
            await(release);
        });
        assertTrue(started.await(WAIT_SECONDS, TimeUnit.SECONDS));
        CountDownLatch rest = new CountDownLatch(5);
        for (int i = 0; i < 5; i++) {
            pool.go(rest::countDown);
        }
        assertEquals(1, pool.workerCount());
        assertEquals(5, pool.queuedCount());
        assertEquals(0, pool.completedCount());
        release.countDown();
        assertTrue(rest.await(WAIT_SECONDS, TimeUnit.SECONDS));
        assertTrue(Threads.awaitCondition(() -> pool.completedCount() == 6, WAIT_SECONDS));
        assertEquals(0, pool.queuedCount());
        assertTrue(pool.toString().contains("counters"), pool.toString());
    }

    @Test
    void workerThreadsAreNamedAfterThePoolAndAreDaemonsByDefault() throws Exception {
        GoPool daemons = track(GoPool.builder().name("names").build());
        GoPool users = track(GoPool.builder().name("users").daemon(false).build());
        AtomicReference<Thread> daemonWorker = new AtomicReference<>();
        AtomicReference<Thread> userWorker = new AtomicReference<>();
        daemons.submit(() -> daemonWorker.set(Thread.currentThread())).get(WAIT_SECONDS, TimeUnit.SECONDS);
        users.submit(() -> userWorker.set(Thread.currentThread())).get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals("names-1", daemonWorker.get().getName());
        assertTrue(daemonWorker.get().isDaemon());
        assertEquals("users-1", userWorker.get().getName());
        assertFalse(userWorker.get().isDaemon());
        assertEquals("names", daemons.name());
    }

    @Test
    void submitAndInvokeAllComeFromExecutorService() throws Exception {
        GoPool pool = track(GoPool.builder().name("futures").build());
        Future<String> future = pool.submit(() -> "done");
        assertEquals("done", future.get(WAIT_SECONDS, TimeUnit.SECONDS));
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            calls.add(() -> n * n);
        }
        List<Future<Integer>> results = pool.invokeAll(calls, WAIT_SECONDS, TimeUnit.SECONDS);
        for (int i = 0; i < 20; i++) {
            assertEquals(i * i, results.get(i).get());
        }
    }

    @Test
    void goRejectsNull() {
        GoPool pool = track(GoPool.builder().build());
        assertThrows(NullPointerException.class, () -> pool.go(null));
        assertThrows(NullPointerException.class, () -> pool.execute(null));
    }

    @Test
    void builderRejectsNegativeSettingsAndTreatsZeroAsTheDefault() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GoPool.builder().capacity(-1));
        assertTrue(e.getMessage().contains("capacity") && e.getMessage().contains("-1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GoPool.builder().scaleThreshold(-2));
        assertThrows(IllegalArgumentException.class, () -> GoPool.builder().keepAlive(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> GoPool.builder().closeTimeout(Duration.ofSeconds(-1)));

        GoPool pool = track(GoPool.builder().name("").capacity(0).scaleThreshold(0)
                .keepAlive(Duration.ZERO).closeTimeout(null).panicHandler(null).build());
        assertEquals(GoPool.Builder.DEFAULT_NAME, pool.name());
        assertEquals("ok", pool.submit(() -> "ok").get(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released within " + WAIT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
