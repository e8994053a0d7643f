package netpoll.gopool;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import netpoll.gopool.internal.PlatformThreadFactory;
import netpoll.gopool.internal.PoolConfig;
import netpoll.gopool.internal.Scheduler;
import netpoll.gopool.internal.VirtualThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A goroutine-style task pool: an {@link java.util.concurrent.ExecutorService} for many small
 * tasks, made to hand a task from one submitting thread (a poller) to a worker as cheaply as
 * possible.
 *
 * <p>Like Go's {@code gopool}, it queues tasks without bound, starts a worker when tasks wait and
 * no worker is free (up to {@link Builder#capacity(int) capacity}; see
 * {@link Builder#scaleThreshold(int)} for when exactly), and gives a task that throws
 * to a {@link Builder#panicHandler panic handler}; the worker and the tasks queued behind it are
 * not affected. Unlike Go's, workers are kept after their queue runs dry, parked, for
 * {@link Builder#keepAlive(Duration) keep-alive}, because a Java thread costs far more to start
 * than a goroutine. Unlike {@code ThreadPoolExecutor} with an unbounded queue, it does grow past
 * its first workers when tasks wait.
 *
 * <p>Every task accepted before {@link #shutdown()} runs exactly once (unless
 * {@link #shutdownNow()} takes it back); after it, submissions are rejected with a
 * {@link RejectedExecutionException} that names the pool. There is no global pool: whoever builds
 * one closes it, and after {@link #close()} no thread of it is alive. Its threads are the workers,
 * named {@code <name>-<n>}, and, once the pool first has tasks waiting with no worker free, one
 * watchdog named {@code <name>-scaler} that starts workers for blocked ones.
 *
 * <p>Thread contract: every method is safe from any thread. Actions of a thread before it submits
 * a task happen-before the task runs.
 */
public final class GoPool extends AbstractExecutorService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GoPool.class);
    /** How long close() waits for interrupted tasks to end after its timeout has passed. */
    private static final long INTERRUPT_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final PoolConfig config;
    private final Scheduler scheduler;

    private GoPool(PoolConfig config) {
        this.config = config;
        this.scheduler = new Scheduler(config);
    }

    /** @return a builder with every setting at its default */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs a task on a worker, some time later: the same as {@link #execute(Runnable)}.
     *
     * @param task the task
     * @throws NullPointerException       if task is null
     * @throws RejectedExecutionException if the pool is shut down
     */
    public void go(Runnable task) {
        execute(task);
    }

    @Override
    public void execute(Runnable task) {
        scheduler.execute(Objects.requireNonNull(task, "task"));
    }

    /** @return the workers alive now, idle ones included */
    public int workerCount() {
        return scheduler.workerCount();
    }

    /** @return the tasks accepted and not yet started (capped at {@link Integer#MAX_VALUE}) */
    public int queuedCount() {
        return (int) Math.min(Integer.MAX_VALUE, scheduler.queuedCount());
    }

    /**
     * @return the tasks that have finished, including those that threw; exact once the pool is
     *     terminated, and while it runs it may briefly lag behind by the tasks of a worker that
     *     is just leaving
     */
    public long completedCount() {
        return scheduler.completedCount();
    }

    /** @return the pool's name, which prefixes its thread names */
    public String name() {
        return config.name();
    }

    @Override
    public void shutdown() {
        scheduler.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return scheduler.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return scheduler.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return scheduler.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return scheduler.awaitTermination(timeout, unit);
    }

    /**
     * Shuts down and waits, bounded, until no thread of the pool is alive.
     *
     * <p>Waits up to the {@link Builder#closeTimeout(Duration) close timeout} (default
     * {@value Builder#DEFAULT_CLOSE_TIMEOUT_SECONDS} s) for the accepted tasks to run; if they have
     * not by then (or if the caller is interrupted), calls {@link #shutdownNow()}, which
     * interrupts the running tasks, and waits one more second. A task that ignores interruption
     * can outlive that; then a warning is logged naming the threads still alive. Called from one
     * of the pool's own workers, it only shuts down, since a worker cannot wait for itself. The
     * caller's interrupt status is kept.
     */
    @Override
    public void close() {
        shutdown();
        if (scheduler.isWorkerThread()) {
            return;
        }
        boolean interrupted = false;
        boolean stopped = false;
        long deadline = System.nanoTime() + config.closeTimeoutNanos();
        for (;;) {
            try {
                boolean done = awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)
                        && scheduler.joinLeftThreads(deadline);
                if (done || stopped) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
                if (stopped) {
                    break;
                }
            }
            stopped = true;
            shutdownNow();
            deadline = System.nanoTime() + INTERRUPT_GRACE_NANOS;
        }
        if (!isTerminated() || !scheduler.workerThreads().isEmpty()) {
            LOG.warn("pool {}: close() gave up waiting; threads still running tasks that ignore interruption: {}",
                    name(), scheduler.workerThreads());
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        String state = isTerminated() ? "terminated" : isShutdown() ? "shutting down" : "running";
        return "GoPool[" + name() + ", " + state + ", workers=" + workerCount() + ", queued=" + queuedCount()
                + ", completed=" + completedCount() + "]";
    }

    /**
     * Settings of a {@link GoPool}. Zero (or null) means the default for every setting. Not
     * thread-safe: one thread builds a pool.
     */
    public static final class Builder {

        /** Default {@link #name(String)}. */
        public static final String DEFAULT_NAME = "gopool";
        /** Default {@link #capacity(int)} with platform threads, a servlet container's order of size. */
        public static final int DEFAULT_CAPACITY = 256;
        /** Default {@link #capacity(int)} with virtual threads, which cost little more than a goroutine. */
        public static final int DEFAULT_VIRTUAL_CAPACITY = 10_000;
        /** Default {@link #scaleThreshold(int)}: as in Go's gopool, any waiting task may start a worker. */
        public static final int DEFAULT_SCALE_THRESHOLD = 1;
        /** Default {@link #keepAlive(Duration)} in seconds, as in {@code Executors.newCachedThreadPool()}. */
        public static final long DEFAULT_KEEP_ALIVE_SECONDS = 60;
        /** Default {@link #closeTimeout(Duration)} in seconds. */
        public static final long DEFAULT_CLOSE_TIMEOUT_SECONDS = 10;

        /** Longest honoured duration: deadlines computed as now + duration must not overflow. */
        private static final Duration LONGEST = Duration.ofNanos(Long.MAX_VALUE / 4);

        private String name = DEFAULT_NAME;
        private int capacity;
        private int scaleThreshold;
        private Duration keepAlive = Duration.ZERO;
        private Duration closeTimeout = Duration.ZERO;
        private BiConsumer<Runnable, Throwable> panicHandler;
        private VirtualThreadFactory virtualThreads;
        private boolean daemon = true;

        private Builder() {
        }

        /**
         * @param name the pool's name, which prefixes its threads' names ({@code <name>-<n>}) and
         *             appears in log and exception messages; null or blank means
         *             {@value #DEFAULT_NAME}
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name == null || name.isBlank() ? DEFAULT_NAME : name;
            return this;
        }

        /**
         * @param capacity the most workers the pool runs at once; 0 means
         *                 {@value #DEFAULT_CAPACITY} ({@value #DEFAULT_VIRTUAL_CAPACITY} with
         *                 virtual threads)
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder capacity(int capacity) {
            this.capacity = notNegative("capacity", capacity);
            return this;
        }

        /**
         * @param scaleThreshold how many tasks must wait per running worker, with no worker idle
         *                       or searching, before the pool starts another worker at once;
         *                       0 means {@value #DEFAULT_SCALE_THRESHOLD} (Go's gopool rule).
         *                       With platform threads this applies up to one worker per core.
         *                       Past that, or below the threshold, a worker starts only when
         *                       tasks wait and the running workers took none for a stall
         *                       period (1 ms): they are blocked, not busy, so more threads help.
         *                       A pool with no worker always starts one for the first task.
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder scaleThreshold(int scaleThreshold) {
            this.scaleThreshold = notNegative("scaleThreshold", scaleThreshold);
            return this;
        }

        /**
         * @param keepAlive how long an idle worker waits for work before it leaves; null or zero
         *                  means {@value #DEFAULT_KEEP_ALIVE_SECONDS} s
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder keepAlive(Duration keepAlive) {
            this.keepAlive = notNegative("keepAlive", keepAlive);
            return this;
        }

        /**
         * @param closeTimeout how long {@link GoPool#close()} waits for accepted tasks before it
         *                     interrupts them; null or zero means
         *                     {@value #DEFAULT_CLOSE_TIMEOUT_SECONDS} s
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = notNegative("closeTimeout", closeTimeout);
            return this;
        }

        /**
         * @param panicHandler gets every task that threw and what it threw, on the worker that
         *                     ran it; null means: log it as an error through slf4j, naming the
         *                     pool. If the handler throws in turn, that is logged and dropped.
         * @return this builder
         */
        public Builder panicHandler(BiConsumer<Runnable, Throwable> panicHandler) {
            this.panicHandler = panicHandler;
            return this;
        }

        /**
         * @param virtualThreads true to run the workers as virtual threads (JDK 21+), false
         *                       (the default) for platform threads
         * @return this builder
         * @throws UnsupportedOperationException if true and the running JDK has no virtual threads
         *                                       (the message names the running version)
         */
        public Builder virtualThreads(boolean virtualThreads) {
            this.virtualThreads = virtualThreads ? VirtualThreadFactory.lookUp() : null;
            return this;
        }

        /**
         * @param daemon true (the default) for daemon workers, which, like goroutines, never keep
         *               the JVM alive; false for workers that do (the owner must then close the
         *               pool). Virtual threads are always daemon threads.
         * @return this builder
         */
        public Builder daemon(boolean daemon) {
            this.daemon = daemon;
            return this;
        }

        /**
         * @return a new, running pool; it starts its first worker with its first task
         * @throws IllegalArgumentException if daemon(false) was asked of virtual threads
         */
        public GoPool build() {
            String poolName = name;
            if (virtualThreads != null && !daemon) {
                throw new IllegalArgumentException("pool " + poolName
                        + ": virtual threads are always daemon threads; daemon(false) cannot be honoured");
            }
            ThreadFactory threads = virtualThreads != null
                    ? virtualThreads.named(poolName) : new PlatformThreadFactory(poolName, daemon);
            int defaultCapacity = virtualThreads != null ? DEFAULT_VIRTUAL_CAPACITY : DEFAULT_CAPACITY;
            BiConsumer<Runnable, Throwable> onPanic = panicHandler != null ? panicHandler
                    : (task, failure) -> LOG.error("pool {}: task {} threw", poolName, task, failure);
            return new GoPool(new PoolConfig(poolName,
                    capacity == 0 ? defaultCapacity : capacity,
                    scaleThreshold == 0 ? DEFAULT_SCALE_THRESHOLD : scaleThreshold,
                    orDefault(keepAlive, DEFAULT_KEEP_ALIVE_SECONDS),
                    orDefault(closeTimeout, DEFAULT_CLOSE_TIMEOUT_SECONDS),
                    onPanic, threads, virtualThreads != null));
        }

        private static int notNegative(String what, int value) {
            if (value < 0) {
                throw new IllegalArgumentException(what + " must be 0 (the default) or more, was " + value);
            }
            return value;
        }

        private static Duration notNegative(String what, Duration value) {
            if (value != null && value.isNegative()) {
                throw new IllegalArgumentException(what + " must be zero (the default) or more, was " + value);
            }
            return value == null ? Duration.ZERO : value;
        }

        private static long orDefault(Duration value, long defaultSeconds) {
            Duration d = value.isZero() ? Duration.ofSeconds(defaultSeconds) : value;
            return d.compareTo(LONGEST) >= 0 ? LONGEST.toNanos() : d.toNanos();
        }
    }
}
