package netpoll.gopool.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TaskQueueTest {

    private static final long DEADLINE_SECONDS = 20;

    @Test
    void pollReturnsTasksInOfferOrderAcrossChunkBoundaries() {
        TaskQueue queue = new TaskQueue();
        int count = TaskChunk.SIZE * 3 + 7;
        List<Runnable> offered = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Runnable task = () -> { };
            offered.add(task);
            assertEquals(i, queue.offer(task));
        }
        assertEquals(count, queue.size());
        for (Runnable expected : offered) {
            assertSame(expected, queue.poll());
        }
        assertNull(queue.poll());
        assertTrue(queue.isEmpty());
    }

    @Test
    void offerAfterCloseIsRejectedAndTasksOfferedBeforeStillDrain() {
        TaskQueue queue = new TaskQueue();
        Runnable before = () -> { };
        queue.offer(before);
        assertTrue(queue.close());
        assertFalse(queue.close(), "second close reports it was closed already");
        assertEquals(-1, queue.offer(() -> { }));
        assertEquals(-1, queue.offer(() -> { }));
        assertTrue(queue.isClosed());
        assertFalse(queue.isDrained(), "one accepted task still waits");
        assertEquals(1, queue.size(), "rejected offers are not counted");
        assertSame(before, queue.poll());
        assertNull(queue.poll());
        assertTrue(queue.isDrained());
    }

    @Test
    void backlogUpToCountsTasksNotYetPolled() {
        TaskQueue queue = new TaskQueue();
        long first = queue.offer(() -> { });
        long second = queue.offer(() -> { });
        assertEquals(2, queue.backlogUpTo(second));
        queue.poll();
        assertEquals(1, queue.backlogUpTo(second));
        assertEquals(0, queue.backlogUpTo(first));
    }

    @Test
    void everyOfferedTaskIsPolledExactlyOnceByConcurrentProducersAndConsumers() throws Exception {
        int producers = 3;
        int consumers = 3;
        int perProducer = 300_000;
        int total = producers * perProducer;
        TaskQueue queue = new TaskQueue();
        AtomicIntegerArray seen = new AtomicIntegerArray(total);
        Runnable[] tasks = new Runnable[total];
        for (int i = 0; i < total; i++) {
            int id = i;
            tasks[i] = () -> seen.incrementAndGet(id);
        }
        AtomicLong polled = new AtomicLong();
        CountDownLatch done = new CountDownLatch(producers + consumers);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int from = p * perProducer;
            threads.add(new Thread(() -> {
                for (int i = from; i < from + perProducer; i++) {
                    queue.offer(tasks[i]);
                }
                done.countDown();
            }, "producer-" + p));
        }
        for (int c = 0; c < consumers; c++) {
            threads.add(new Thread(() -> {
                while (polled.get() < total && System.nanoTime() < deadline) {
                    Runnable task = queue.poll();
                    if (task != null) {
                        task.run();
                        polled.incrementAndGet();
                    } else {
                        Thread.onSpinWait();
                    }
                }
                done.countDown();
            }, "consumer-" + c));
        }
        threads.forEach(Thread::start);
        assertTrue(done.await(DEADLINE_SECONDS + 5, TimeUnit.SECONDS), "producers and consumers finish");
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(DEADLINE_SECONDS));
        }
        assertEquals(total, polled.get());
        for (int i = 0; i < total; i++) {
            assertEquals(1, seen.get(i), "task " + i + " ran once");
        }
        assertNull(queue.poll());
    }
}
