package netpoll.gopool.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The pool's unbounded multi-producer, multi-consumer task queue, closable exactly once.
 *
 * <p>Thread contract: every method is safe from any thread. Producers ({@link #offer}) are the
 * threads that submit tasks, consumers ({@link #poll}) are the workers (and
 * {@code shutdownNow}, which drains).
 *
 * <p>How it works: tasks live in a linked list of fixed-size chunks. A producer claims the next
 * index with one atomic add on the producer index, finds (or links) the chunk that holds it and
 * stores the task there with a release write. A consumer claims an index below the producer index
 * with one compare-and-set on the consumer index, then takes the task with an acquire read,
 * waiting the few nanoseconds a producer may still need between its claim and its store. So a
 * hand-off costs one atomic instruction on each side and no allocation per task (one chunk per
 * {@value TaskChunk#SIZE} tasks), against two locks and a node per task in
 * {@code LinkedBlockingQueue}.
 *
 * <p>Closing: the top bit of the producer index says "closed". {@link #close()} sets it
 * atomically, and the index it had at that moment becomes the end of the queue. A producer whose
 * atomic add returns an index with the bit set was too late: it stores nothing and its offer is
 * rejected. So every offer either was accepted before the close, and will be polled, or is
 * rejected; there is no third outcome.
 *
 * <pre>
 *   producerIndex:  [C|  index of the next slot to fill  ]   C = closed bit, set once
 *   consumerIndex:  [    index of the next slot to take  ]   consumerIndex &lt;= end
 *   end:            producer index at close time, Long.MAX_VALUE while open
 * </pre>
 */
public final class TaskQueue extends TaskQueueLayout.RightPad {

    /** The bit of the producer index that marks the queue closed. */
    private static final long CLOSED = 1L << 62;
    /** Value of {@link #end} while the queue is open. */
    private static final long OPEN = Long.MAX_VALUE;

    private static final VarHandle PRODUCER_INDEX;
    private static final VarHandle CONSUMER_INDEX;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Runnable[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PRODUCER_INDEX = lookup.findVarHandle(TaskQueueLayout.ProducerFields.class, "producerIndex", long.class);
            CONSUMER_INDEX = lookup.findVarHandle(TaskQueueLayout.ConsumerFields.class, "consumerIndex", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Written once by {@link #close()} (volatile); read by consumers that see the closed bit. */
    private volatile long end = OPEN;

    /** Creates an empty, open queue. */
    public TaskQueue() {
        TaskChunk first = new TaskChunk(0);
        producerChunk = first;
        consumerChunk = first;
    }

    /**
     * Appends a task.
     *
     * @param task the task, not null
     * @return the task's index (0 for the first task ever offered), or -1 if the queue is closed
     */
    public long offer(Runnable task) {
        TaskChunk chunk = producerChunk; // read before the claim, so chunk.base <= index
        long index = (long) PRODUCER_INDEX.getAndAdd(this, 1L);
        if ((index & CLOSED) != 0) {
            return -1;
        }
        chunk = chunk.find(index);
        if (index == chunk.base) {
            producerChunk = chunk; // the claimer of a chunk's first index moves the hint on
        }
        SLOT.setRelease(chunk.slots, (int) (index - chunk.base), task);
        return index;
    }

    /**
     * Takes the oldest task, if there is one.
     *
     * @return the task, or null when the queue is empty (or closed and drained)
     */
    public Runnable poll() {
        for (;;) {
            TaskChunk chunk = consumerChunk; // read before the claim, so chunk.base <= index
            long index = consumerIndex;
            // Fast path: a stored task proves the index was accepted, without reading the
            // producer index (a cache line every submit writes).
            TaskChunk holder = chunk.peek(index);
            Object task = holder == null ? null : SLOT.getAcquire(holder.slots, (int) (index - holder.base));
            if (task == null && index >= limit()) {
                return null;
            }
            if (CONSUMER_INDEX.weakCompareAndSet(this, index, index + 1)) {
                return take(holder != null ? holder : chunk, index);
            }
        }
    }

    /**
     * Closes the queue: later offers are rejected; tasks offered before stay and are polled.
     *
     * @return true if this call closed it, false if it was closed already
     */
    public boolean close() {
        long before = (long) PRODUCER_INDEX.getAndBitwiseOr(this, CLOSED);
        if ((before & CLOSED) != 0) {
            return false;
        }
        end = before;
        return true;
    }

    /** @return true once {@link #close()} has run */
    public boolean isClosed() {
        return (producerIndex & CLOSED) != 0;
    }

    /** @return true if the queue is closed and every task offered before the close was polled */
    public boolean isDrained() {
        long e = end;
        return e != OPEN && consumerIndex >= e;
    }

    /** @return true if no task waits (a claimed index whose store is still under way counts as waiting) */
    public boolean isEmpty() {
        return consumerIndex >= limit();
    }

    /** @return the number of tasks accepted but not yet polled */
    public long size() {
        long taken = consumerIndex;
        return Math.max(0, limit() - taken);
    }

    /** @return how many tasks consumers have taken so far (ever growing) */
    public long takenCount() {
        return consumerIndex;
    }

    /**
     * @param index an index returned by {@link #offer}
     * @return how many tasks wait up to and including that index (0 if it was polled already)
     */
    public long backlogUpTo(long index) {
        return Math.max(0, index + 1 - consumerIndex);
    }

    /**
     * The first index no consumer may claim: the producer index while open, {@link #end} once
     * closed. Between the closing add and the write of {@code end} (a few instructions of the
     * closing thread) the end is not known yet; consumers then see no task, which is harmless:
     * the closing thread wakes every idle worker after it has written the end.
     */
    private long limit() {
        long p = producerIndex;
        if ((p & CLOSED) == 0) {
            return p;
        }
        long e = end;
        return e == OPEN ? consumerIndex : e;
    }

    private Runnable take(TaskChunk start, long index) {
        TaskChunk chunk = start.find(index);
        if (index == chunk.base) {
            consumerChunk = chunk; // the claimer of a chunk's first index moves the hint on
        }
        int slot = (int) (index - chunk.base);
        Runnable task = (Runnable) SLOT.getAcquire(chunk.slots, slot);
        while (task == null) {
            // The producer claimed this index and is about to store: wait for it.
            Thread.onSpinWait();
            task = (Runnable) SLOT.getAcquire(chunk.slots, slot);
        }
        SLOT.setOpaque(chunk.slots, slot, null);
        return task;
    }
}
