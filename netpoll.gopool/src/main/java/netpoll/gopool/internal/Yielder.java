package netpoll.gopool.internal;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * {@link Thread#yield()} for a searching worker that polls an empty queue between yields, so that
 * the threads that will give it work (the poller, the submitters) run first on a shared core,
 * and that stops yielding while yields are expensive.
 *
 * <p>A yield is cheap while the threads it lets run are the pool's peers: they run briefly and
 * block. When a thread from outside (a busy process next door, a GC or JIT thread) shares the
 * core, each yield gives that thread the rest of a time slice, milliseconds, while a task
 * submitted meanwhile waits for this worker, which counts as searching, so nobody wakes another.
 * So each yield is timed, and {@value #SLOW_IN_ROW} in a row slower than {@value #SLOW_MICROS} µs stop yielding
 * for a pause: 1 ms at first, doubling while the yields that follow a pause are slow again, up to
 * 128 ms, and back to 1 ms after {@value #FAST_TO_RESET} fast yields in a row. A lone slow yield
 * is not enough: a peer with a batch of work can take that long.
 *
 * <p>The same pause as netpoll.nio's {@code Yielder} for its poller, kept as a copy because this
 * module depends on nothing of netpoll's (DESIGN.md). That one also reads the process's CPU time:
 * it tells whether the core is crowded, which nothing here needs, and it skips the pause while the
 * process has its cores. In the runs that showed why (see its class comment) the poller slept in
 * select tens of thousands of times in 5 s, but the busy worker parked only a few hundred times,
 * so this copy keeps the plain pause.
 *
 * <p>Thread contract: one thread (its worker; plain fields).
 */
final class Yielder {

    static final long SLOW_MICROS = 500;
    /** Slow yields in a row that pause yielding (two paused a busy poller at c=500 too often). */
    static final int SLOW_IN_ROW = 4;
    static final int FAST_TO_RESET = 64;
    static final long MIN_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(128);
    private static final long SLOW_NANOS = TimeUnit.MICROSECONDS.toNanos(SLOW_MICROS);

    private final LongSupplier clock;
    private final Runnable yield;
    private int slowInRow;
    private int fastInRow;
    private long pauseNanos = MIN_PAUSE_NANOS;
    private boolean paused;
    private long resumeAt;

    /** A yielder on {@link System#nanoTime()} and {@link Thread#yield()}. */
    Yielder() {
        this(System::nanoTime, Thread::yield);
    }

    /**
     * @param clock the time in nanoseconds
     * @param yield what a yield does
     */
    Yielder(LongSupplier clock, Runnable yield) {
        this.clock = clock;
        this.yield = yield;
    }

    /** @return true unless yields are paused (see the class comment) */
    boolean allowed() {
        if (paused && clock.getAsLong() - resumeAt >= 0) {
            paused = false;
        }
        return !paused;
    }

    /**
     * Yields once and times it.
     *
     * @return false when this yield was the {@value #SLOW_IN_ROW}th slow one in a row: yields are paused now, and
     *         the caller should block instead of yielding again
     */
    boolean yield() {
        long start = clock.getAsLong();
        yield.run();
        long end = clock.getAsLong();
        if (end - start < SLOW_NANOS) {
            slowInRow = 0;
            if (++fastInRow >= FAST_TO_RESET) {
                pauseNanos = MIN_PAUSE_NANOS;
            }
            return true;
        }
        fastInRow = 0;
        if (++slowInRow < SLOW_IN_ROW) {
            return true;
        }
        slowInRow = 0;
        paused = true;
        resumeAt = end + pauseNanos;
        pauseNanos = Math.min(pauseNanos * 2, MAX_PAUSE_NANOS);
        return false;
    }
}
