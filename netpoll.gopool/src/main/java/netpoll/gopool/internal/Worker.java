package netpoll.gopool.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * One worker of a pool: a thread that takes tasks from the {@link TaskQueue} until the pool is
 * drained, or until it has been idle for the keep-alive time.
 *
 * <p>Thread contract: {@link #run()} runs on the worker's own thread and is the only writer of
 * {@link #completed}. {@link #trySignal()} and {@link #interrupt()} are called from any thread.
 *
 * <p>Life of a worker; "searching" means counted in {@link Scheduler}'s spinner count, so that
 * submitters know a worker is about to look at the queue and need not wake another:
 * <pre>
 *   started (searching) --&gt; search: poll, then spin a while --found--&gt; run task --+
 *        ^                        | nothing                                      |
 *        |                        v                                              |
 *        |   push on idle stack, re-check queue, park (state IDLE) &lt;--- empty ---+ (poll again)
 *        |            | trySignal: IDLE -&gt; SIGNALLED        | keep-alive over: IDLE -&gt; RETIRED
 *        +------------+                                     v
 *                                              leave (or resume if a task slipped in)
 * </pre>
 */
final class Worker implements Runnable {

    /** Values of {@link #state}. */
    static final int RUNNING = 0;
    static final int IDLE = 1;
    static final int SIGNALLED = 2;
    static final int RETIRED = 3;

    private static final VarHandle STATE;
    private static final VarHandle COMPLETED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(Worker.class, "state", int.class);
            COMPLETED = lookup.findVarHandle(Worker.class, "completed", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Scheduler scheduler;
    /** This worker's yields while it searches: its own thread only. */
    private final Yielder yielder = new Yielder();
    private final TaskQueue queue;
    /** The thread running this worker: written once before start, read by any thread after. */
    private volatile Thread thread;
    /** RUNNING/IDLE/SIGNALLED/RETIRED: CAS by the worker (IDLE->RETIRED) and signallers (IDLE->SIGNALLED). */
    private volatile int state = RUNNING;
    /** Tasks this worker finished: written by the worker only (opaque), read by any thread (opaque). */
    private long completed;

    Worker(Scheduler scheduler) {
        this.scheduler = scheduler;
        this.queue = scheduler.queue();
    }

    void bind(Thread t) {
        this.thread = t;
    }

    Thread thread() {
        return thread;
    }

    /** @return the tasks this worker has finished (a task that threw counts as finished) */
    long completed() {
        return (long) COMPLETED.getOpaque(this);
    }

    /**
     * Wakes this worker if it is parked idle and nobody woke it or retired it first.
     *
     * @return true if this call woke it
     */
    boolean trySignal() {
        if (STATE.compareAndSet(this, IDLE, SIGNALLED)) {
            LockSupport.unpark(thread);
            return true;
        }
        return false;
    }

    /**
     * @return true if the worker is inside a task (not idle, not leaving) and its thread waits:
     *     on a monitor, a park, a sleep or a join
     */
    boolean isBlockedInTask() {
        Thread t = thread;
        if (state != RUNNING || t == null) {
            return false;
        }
        Thread.State s = t.getState();
        return s == Thread.State.BLOCKED || s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
    }

    /** Interrupts the worker's thread (shutdownNow). */
    void interrupt() {
        thread.interrupt();
    }

    @Override
    public void run() {
        boolean searching = true; // whoever started this worker counted it as searching
        boolean counted = true;   // still counted in the scheduler's worker count
        try {
            for (;;) {
                Runnable task;
                if (searching) {
                    task = scheduler.search(yielder);
                    searching = false;
                    scheduler.searchEnded(task != null);
                    if (task == null) {
                        task = queue.poll(); // one more look now that submitters no longer count on us
                    }
                } else {
                    task = queue.poll();
                    if (task == null && scheduler.trySpin()) {
                        searching = true;
                        continue;
                    }
                }
                if (task != null) {
                    runTask(task);
                    continue;
                }
                if (queue.isDrained()) {
                    break;
                }
                if (park()) {
                    searching = true;
                } else if (scheduler.retire()) {
                    counted = false;
                    break;
                } else {
                    state = RUNNING;
                }
            }
        } finally {
            scheduler.workerExited(this, counted);
        }
    }

    private void runTask(Runnable task) {
        if (scheduler.isStopping()) {
            Thread.currentThread().interrupt();
        } else {
            Thread.interrupted(); // an interrupt meant for the previous task must not leak into this one
        }
        try {
            task.run();
        } catch (Throwable failure) {
            scheduler.panic(task, failure);
        }
        COMPLETED.setOpaque(this, completed + 1);
    }

    /**
     * Parks idle until signalled or until the keep-alive time passes.
     *
     * @return true if signalled (and so counted as searching), false if retired by the timeout
     */
    private boolean park() {
        state = IDLE;
        scheduler.idle().push(this);
        // Re-check after the push: a submitter that enqueued before the push did not see us on
        // the stack, and one that enqueues after it will. Wake one idle worker, maybe ourselves.
        if (!queue.isEmpty() || queue.isClosed()) {
            scheduler.wakeIdle();
        }
        long deadline = System.nanoTime() + scheduler.keepAliveNanos();
        for (;;) {
            if (state == SIGNALLED) {
                state = RUNNING;
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 && STATE.compareAndSet(this, IDLE, RETIRED)) {
                return false;
            }
            Thread.interrupted(); // a pending interrupt would make parkNanos return at once, forever
            LockSupport.parkNanos(scheduler, Math.max(left, 0));
        }
    }
}
