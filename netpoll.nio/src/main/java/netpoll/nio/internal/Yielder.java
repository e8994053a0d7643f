package netpoll.nio.internal;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * {@link Thread#yield()} for the poller, which yields between its busy polls so that its workers
 * on a shared core run first, and which stops yielding while yields are expensive.
 *
 * <p>A yield is cheap while the threads it lets run are our own: they run briefly and block, and
 * the yielder is back within tens of microseconds. When a thread from outside (a busy process
 * next door, a GC or JIT thread) shares the core, each yield gives that thread the rest of a
 * time slice, milliseconds, and a poller that yields four times per select then serves a
 * fraction of its load (a CPU-bound loop on the server's core took netpoll's echo server from
 * 152k to 40k requests/s in an A/B run, Netty-offload's from 106k to 80k; with the pause below,
 * netpoll's keeps about 69k). So each yield is
 * timed, and {@value #SLOW_IN_ROW} in a row slower than {@value #SLOW_MICROS} µs stop yielding for a pause:
 * 1 ms at first, doubling while the yields that follow a pause are slow again, up to 128 ms
 * (so that a lasting neighbour costs four slow yields per 128 ms), and back to 1 ms after
 * {@value #FAST_TO_RESET} fast yields in a row. A lone slow yield is not enough: a peer with a
 * batch of work can take that long, about one yield in a hundred on a quiet core.
 *
 * <p>Not for {@code ShardQueue}'s drainer: its yield lets many producers run on purpose, and a
 * yield that took long because they did is not one that a stranger took. Timed the same way,
 * its pauses shrank the mux server's batches, which made its yields slower still: 730k QPS fell
 * to 220k at c=1000 in an A/B run. With a busy neighbour on its core, that drainer still gives it
 * a slice per batch.
 *
 * <p>Thread contract: one thread (the poller's; plain fields). gopool's workers keep a copy of
 * this class (that module depends on nothing of netpoll's).
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
