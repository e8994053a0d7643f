package netpoll.gopool.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@code GoPool}: hands tasks to workers, starts workers on demand up to the
 * capacity, lets idle ones leave after the keep-alive time, and shuts down.
 *
 * <p>Thread contract: every public method is safe from any thread. The package-private methods
 * are called by {@link Worker}s on their own threads.
 *
 * <p>Hand-off, as in Go's scheduler: a submitter enqueues and then looks at one counter, the
 * number of searching workers (spinning on an empty queue, or just woken or started). If one is
 * searching it will find the task, so the submitter is done: no lock, no signal. Otherwise it
 * wakes one parked worker (newest first); if none is parked, it starts a worker when fewer
 * workers than cores run and the backlog reaches the scale threshold per worker (or no worker
 * exists), and else arms the {@link Scaler}, which starts workers, up to the capacity, only for
 * blocked ones. A searching worker that finds a task while more wait and no other worker
 * searches wakes one more, so a burst fans out over the workers without the submitter paying
 * for each wake-up.
 *
 * <p>No lost task: a worker parks only after pushing itself on the idle stack and then
 * re-checking the queue, and a submitter reads the stack only after enqueuing; all of these are
 * volatile accesses or CASes, so at least one of the two sees the other. A retiring worker leaves
 * the worker count before its last look at the queue, for the same reason.
 */
public final class Scheduler {

    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    /** Empty-queue polls a searching worker busy-spins through first (a few microseconds). */
    private static final int BUSY_SPIN_POLLS = 1 << 7;
    /** Empty-queue polls, each after a yield, that follow before the worker parks. */
    private static final int YIELD_POLLS = 1 << 4;

    /** At most one searching worker per this many cores, as in Go's scheduler: spinning costs a core. */
    private static final int CORES_PER_SPINNER = 2;
    /** Stall periods in a row, all busy workers runnable, after which the scaler still grows the pool. */
    private static final int RUNNABLE_STALL_PERIODS = 10;

    private static final VarHandle WORKER_COUNT;
    private static final VarHandle SPINNING;
    private static final VarHandle LIVE_THREADS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            WORKER_COUNT = lookup.findVarHandle(Scheduler.class, "workerCount", int.class);
            SPINNING = lookup.findVarHandle(Scheduler.class, "spinning", int.class);
            LIVE_THREADS = lookup.findVarHandle(Scheduler.class, "liveThreads", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final PoolConfig config;
    private final int maxSpinners;
    private final int parallelism;
    private final TaskQueue queue = new TaskQueue();
    private final IdleStack idle = new IdleStack();
    private final Scaler scaler = new Scaler(this);
    /** Live workers by thread: put by the starter, removed by the worker as it leaves. */
    private final Map<Thread, Worker> workers = new ConcurrentHashMap<>();
    /** Threads that have left their loop, kept until they are dead so close() can join them. */
    private final ConcurrentLinkedQueue<Thread> leaving = new ConcurrentLinkedQueue<>();
    /** Tasks finished by workers that have left: added to by each leaving worker. */
    private final AtomicLong retiredCompleted = new AtomicLong();
    /** Counted down once: the pool is shut down, drained, and every worker has left. */
    private final CountDownLatch terminated = new CountDownLatch(1);

    /** Workers counted against the capacity: CAS by starters and by retiring/leaving workers. */
    private volatile int workerCount;
    /** Searching workers: atomic add by workers, wakers and starters; read by submitters. */
    private volatile int spinning;
    /** Worker threads not yet out of their loop's bookkeeping: atomic add; 0 allows termination. */
    private volatile int liveThreads;
    /** Stall periods in a row with only runnable workers: scaler thread only (plain). */
    private int stalledPeriods;
    /** Set once by shutdownNow (volatile); read by workers before each task. */
    private volatile boolean stopping;

    /**
     * @param config the validated pool settings
     */
    public Scheduler(PoolConfig config) {
        this.config = config;
        int cores = Runtime.getRuntime().availableProcessors();
        // Virtual threads are multiplexed over the cores by the JDK, like goroutines: no limit.
        this.parallelism = config.virtualThreads() ? Integer.MAX_VALUE : cores;
        this.maxSpinners = Math.max(1, cores / CORES_PER_SPINNER);
    }

    /**
     * Accepts a task, or rejects it once the pool is shut down.
     *
     * @param task the task, not null
     * @throws RejectedExecutionException if the pool is shut down
     */
    public void execute(Runnable task) {
        long index = queue.offer(task);
        if (index < 0) {
            throw new RejectedExecutionException("pool " + config.name() + " is shut down; rejected task " + task);
        }
        if (spinning == 0) {
            addWorker(queue.backlogUpTo(index));
        }
    }

    /** @return workers counted against the capacity (including ones starting or about to leave) */
    public int workerCount() {
        return workerCount;
    }

    /** @return tasks accepted and not yet taken by a worker */
    public long queuedCount() {
        return queue.size();
    }

    /** @return tasks finished so far (tasks that threw included); exact once terminated */
    public long completedCount() {
        long sum = retiredCompleted.get();
        for (Worker w : workers.values()) {
            sum += w.completed();
        }
        return sum;
    }

    /** Stops accepting tasks; accepted ones still run. Idempotent. */
    public void shutdown() {
        if (queue.close()) {
            while (wakeIdle()) {
                // wake every parked worker: each drains what is left or sees the end and leaves
            }
        }
        tryTerminate();
    }

    /**
     * Shuts down, takes back the tasks no worker has started and interrupts the running ones.
     *
     * @return the tasks that will not run, oldest first
     */
    public List<Runnable> shutdownNow() {
        stopping = true;
        shutdown();
        List<Runnable> never = new ArrayList<>();
        for (Runnable task = queue.poll(); task != null; task = queue.poll()) {
            never.add(task);
        }
        workers.values().forEach(Worker::interrupt);
        tryTerminate();
        return never;
    }

    /** @return true once shutdown has begun */
    public boolean isShutdown() {
        return queue.isClosed();
    }

    /** @return true once shut down, drained, and every worker has left */
    public boolean isTerminated() {
        return terminated.getCount() == 0;
    }

    /**
     * @param timeout how long to wait
     * @param unit    its unit
     * @return true if terminated, false if the time passed first
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }

    /**
     * Waits for the threads of workers that have left to be dead.
     *
     * @param deadline a {@link System#nanoTime()} value after which to stop waiting
     * @return true if no thread of this pool is alive
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean joinLeftThreads(long deadline) throws InterruptedException {
        for (Thread t : leaving) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(t, left);
            }
        }
        leaving.removeIf(t -> !t.isAlive());
        return workers.isEmpty() && leaving.isEmpty();
    }

    /** @return true if the calling thread is one of this pool's workers */
    public boolean isWorkerThread() {
        return workers.containsKey(Thread.currentThread());
    }

    /** @return the live worker threads, for diagnostics */
    public List<Thread> workerThreads() {
        return new ArrayList<>(workers.keySet());
    }

    // ---- called by workers ----

    TaskQueue queue() {
        return queue;
    }

    IdleStack idle() {
        return idle;
    }

    long keepAliveNanos() {
        return config.keepAliveNanos();
    }

    boolean isStopping() {
        return stopping;
    }

    /**
     * A searching worker looks for a task: polls, spinning a short while on an empty queue, then
     * polls between yields a while longer, so that a spinning worker gives up its core to any
     * thread that needs it (on a machine with as many busy threads as cores, a busy spin would
     * delay the very submitter it waits for). No yields while they are slow (a thread from
     * outside shares the core; see {@link Yielder}): the worker parks instead, and a submitter
     * wakes it.
     *
     * @param yielder the calling worker's
     */
    Runnable search(Yielder yielder) {
        int polls = BUSY_SPIN_POLLS + (yielder.allowed() ? YIELD_POLLS : 0);
        for (int i = 0; i < polls; i++) {
            Runnable task = queue.poll();
            if (task != null || queue.isClosed()) {
                return task;
            }
            if (i < BUSY_SPIN_POLLS) {
                Thread.onSpinWait();
            } else if (!yielder.yield()) {
                return queue.poll();
            }
        }
        return null;
    }

    /** A searching worker stops searching; if it found a task and was the last searcher, fan out. */
    void searchEnded(boolean found) {
        int before = (int) SPINNING.getAndAdd(this, -1);
        if (found && before == 1 && !queue.isEmpty()) {
            addWorker(queue.size());
        }
    }

    /** @return true if the caller may become (and is now counted as) a searching worker */
    boolean trySpin() {
        int s;
        do {
            s = spinning;
            if (s >= maxSpinners) {
                return false;
            }
        } while (!SPINNING.weakCompareAndSet(this, s, s + 1));
        return true;
    }

    /**
     * Wakes the newest parked worker, counting it as searching.
     *
     * @return true if one was woken, false if none is parked
     */
    boolean wakeIdle() {
        for (Worker w = idle.pop(); w != null; w = idle.pop()) {
            SPINNING.getAndAdd(this, 1); // before the wake-up, so the woken worker never sees it negative
            if (w.trySignal()) {
                return true;
            }
            SPINNING.getAndAdd(this, -1);
        }
        return false;
    }

    /**
     * A worker whose keep-alive ran out leaves the worker count, then looks at the queue once
     * more: a task that arrived meanwhile may have been counted on this worker.
     *
     * @return true if the worker leaves, false if it stays (counted again) to run the late task
     */
    boolean retire() {
        WORKER_COUNT.getAndAdd(this, -1);
        if (queue.isEmpty()) {
            return true;
        }
        int n;
        do {
            n = workerCount;
            if (n >= config.capacity()) {
                return true;
            }
        } while (!WORKER_COUNT.weakCompareAndSet(this, n, n + 1));
        return false;
    }

    void workerExited(Worker w, boolean counted) {
        Thread t = w.thread();
        workers.remove(t);
        retiredCompleted.addAndGet(w.completed());
        leaving.removeIf(old -> !old.isAlive());
        leaving.add(t);
        if (counted) {
            WORKER_COUNT.getAndAdd(this, -1);
        }
        LIVE_THREADS.getAndAdd(this, -1);
        tryTerminate();
        if (!queue.isEmpty() && workerCount == 0) {
            addWorker(queue.size()); // left by an unexpected error with work still queued
        }
    }

    void panic(Runnable task, Throwable failure) {
        try {
            config.panicHandler().accept(task, failure);
        } catch (Throwable handlerFailure) {
            handlerFailure.addSuppressed(failure);
            LOG.error("pool {}: the panic handler threw while handling a failure of task {}",
                    config.name(), task, handlerFailure);
        }
    }

    // ---- internals ----

    /**
     * Nobody is searching: wake a parked worker; else start one at once if the pool runs fewer
     * workers than cores and scaleThreshold tasks per worker wait (Go's rule, per worker); else
     * leave it to the {@link Scaler}, which starts more only if the running workers turn out to
     * be blocked rather than busy: more platform threads than cores only help then.
     */
    private void addWorker(long backlog) {
        if (wakeIdle()) {
            return;
        }
        int n = workerCount;
        if (n == 0 || n < parallelism && backlog >= (long) config.scaleThreshold() * n) {
            startWorker();
        } else {
            scaler.arm(queue.takenCount());
        }
    }

    /**
     * The scaler's look, one stall period after it was armed. If tasks wait, nobody is free or
     * parked, and no task was taken all period, the workers are stuck: blocked (some busy worker
     * waits on a lock, a park or a sleep), or merely not given a core (all busy workers are
     * runnable: the machine is oversubscribed, and more threads would make that worse). Blocked
     * ones get company at once; runnable ones only after {@link #RUNNABLE_STALL_PERIODS} stalled
     * periods in a row (they may be blocked in native I/O, which shows as runnable). Company is
     * half as many workers again (at least one, at most one per waiting task, within the
     * capacity). Looks again one period later for as long as tasks wait.
     *
     * @param takenWhenArmed the queue's taken count when the scaler was armed
     */
    void afterStallPeriod(long takenWhenArmed) {
        if (queue.isEmpty()) {
            stalledPeriods = 0;
            return;
        }
        long taken = queue.takenCount();
        if (taken != takenWhenArmed || spinning != 0 || wakeIdle()) {
            stalledPeriods = 0;
        } else if (++stalledPeriods >= RUNNABLE_STALL_PERIODS || aBusyWorkerIsBlocked()) {
            stalledPeriods = 0;
            long more = Math.min(Math.max(1, workerCount / 2), queue.size());
            for (long i = 0; i < more && startWorker(); i++) {
                // each start is counted and checked against the capacity by startWorker
            }
        }
        scaler.arm(taken);
    }

    private boolean aBusyWorkerIsBlocked() {
        for (Worker w : workers.values()) {
            if (w.isBlockedInTask()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Starts the scaler's thread, a platform daemon named {@code <pool name>-scaler}.
     *
     * @return the thread, or null if the pool is drained (then no thread is needed)
     */
    Thread startScalerThread(Scaler s) {
        LIVE_THREADS.getAndAdd(this, 1);
        if (queue.isDrained()) {
            LIVE_THREADS.getAndAdd(this, -1);
            tryTerminate();
            return null;
        }
        Thread t = new Thread(s, config.name() + "-scaler");
        t.setDaemon(true);
        t.start();
        return t;
    }

    void scalerExited(Thread t) {
        leaving.removeIf(old -> !old.isAlive());
        leaving.add(t);
        LIVE_THREADS.getAndAdd(this, -1);
        tryTerminate();
    }

    /** @return true if a worker was started */
    private boolean startWorker() {
        // Count the thread as live before looking at the queue: a worker draining the last task
        // meanwhile then cannot declare the pool terminated while this thread is still to come.
        LIVE_THREADS.getAndAdd(this, 1);
        int n;
        do {
            n = workerCount;
            if (n >= config.capacity() || queue.isDrained()) {
                LIVE_THREADS.getAndAdd(this, -1);
                tryTerminate();
                return false;
            }
        } while (!WORKER_COUNT.weakCompareAndSet(this, n, n + 1));
        SPINNING.getAndAdd(this, 1);
        Worker w = new Worker(this);
        try {
            Thread t = config.threadFactory().newThread(w);
            w.bind(t);
            workers.put(t, w);
            t.start();
            return true;
        } catch (Throwable e) {
            if (w.thread() != null) {
                workers.remove(w.thread());
            }
            SPINNING.getAndAdd(this, -1);
            WORKER_COUNT.getAndAdd(this, -1);
            LIVE_THREADS.getAndAdd(this, -1);
            LOG.error("pool {}: could not start a worker thread; {} workers remain, {} tasks wait",
                    config.name(), workerCount, queue.size(), e);
            tryTerminate();
            return false;
        }
    }

    private void tryTerminate() {
        if (!queue.isDrained()) {
            return;
        }
        scaler.wake(); // it leaves once the queue is drained
        if (liveThreads == 0 && terminated.getCount() != 0) {
            terminated.countDown();
        }
    }
}
