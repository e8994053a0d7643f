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
 * <p>Nor are slow yields in a row while the process got at least {@value #OWN_CORE_PERCENT}% of
 * its cores' time in the last CPU window (below): then our own threads took the core, a worker
 * with a long batch, and no stranger. Pausing then is what hurts: the poller sleeps in select,
 * each arriving request wakes it and preempts that worker, and batches shrink to a few requests.
 * The echo server alone on its core (scenario 1, c=500) ran at 107k-164k requests/s over 20
 * runs, 9 of them under 145k; an instrumented build counted 10,000-19,000 sleeping selects a
 * second in such runs, nearly all right after a pause, and 350-540 in fast ones. Without the
 * pause while the process has its core, 7 of 7 runs gave 160k-169k. Beside a busy loop the
 * process gets 60-80% of its core, so the pause works there as before. Where the CPU time is
 * unknown, slow yields in a row pause regardless.
 *
 * <p>Beside that pause the yielder tells whether the core is {@link #crowded()}: while more than
 * {@value #CROWDED_PERCENT}% of about the last {@value #SHARE_WINDOW} yields were slow and the
 * process got less than {@value #STARVED_PERCENT}% of its cores' time in the last window of at
 * least {@value #CPU_WINDOW_MILLIS} ms ({@link ProcessCpu}). Both are needed. Slow yields alone
 * also come from our own threads: a client's poller that yields to a thousand caller threads
 * finds most yields slow with no stranger about, while its process uses 99% of its core. A
 * starved process alone may just be idle. In the mux echo server alone on its core 0.2-0.35% of
 * the poller's yields were slow at c=100, 500 and 1000, beside a busy loop 39%, with the process
 * at 5% of the core. {@code ShardQueue}'s drainer reads this instead of timing its own yield,
 * which lets many producers run on purpose and so is slow whenever they do (timed like the
 * poller's, its pauses shrank the mux server's batches, which made its yields slower still: 730k
 * QPS fell to 220k at c=1000 in an A/B run).
 *
 * <p>Thread contract: one thread (the poller's; plain fields) calls everything but
 * {@link #crowded()}, which any thread may call. gopool's workers keep a copy of this class
 * without {@code crowded()} (that module depends on nothing of netpoll's).
 */
final class Yielder {

    static final long SLOW_MICROS = 500;
    /** Slow yields in a row that pause yielding (two paused a busy poller at c=500 too often). */
    static final int SLOW_IN_ROW = 4;
    static final int FAST_TO_RESET = 64;
    static final long MIN_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(128);
    private static final long SLOW_NANOS = TimeUnit.MICROSECONDS.toNanos(SLOW_MICROS);

    private static final int SHARE_SHIFT = 5;
    /** About how many recent yields the slow share is averaged over. */
    static final int SHARE_WINDOW = 1 << SHARE_SHIFT;
    static final int CROWDED_PERCENT = 25;
    /** How long {@link #crowded()} holds before a {@value #RECHECK_MILLIS} ms recheck. */
    static final long CROWDED_MILLIS = 100;
    static final long RECHECK_MILLIS = 10;
    private static final long CROWDED_NANOS = TimeUnit.MILLISECONDS.toNanos(CROWDED_MILLIS);
    private static final long CROWDED_PERIOD_NANOS = CROWDED_NANOS + TimeUnit.MILLISECONDS.toNanos(RECHECK_MILLIS);
    /** The share's fixed-point one. */
    private static final int ONE = 1 << 16;
    private static final int CROWDED_SHARE = ONE / 100 * CROWDED_PERCENT;

    /** How often the process's CPU time is sampled, at most (on a yield). */
    static final long CPU_WINDOW_MILLIS = 100;
    private static final long CPU_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(CPU_WINDOW_MILLIS);
    /** Below this share of its cores' time the process is starved. */
    static final int STARVED_PERCENT = 75;
    /** At or above this share of its cores' time, slow yields gave the core to the process's own threads. */
    static final int OWN_CORE_PERCENT = 90;

    private final LongSupplier clock;
    private final Runnable yield;
    private final LongSupplier processCpu;
    private final int cores;
    private int slowInRow;
    private int fastInRow;
    private long pauseNanos = MIN_PAUSE_NANOS;
    private boolean paused;
    private long resumeAt;
    /** The share of slow yields, exponentially averaged, in 1/{@link #ONE}. */
    private int slowShare;
    /** Written by the poller thread (only when it changes), read by any thread. */
    private volatile boolean crowded;
    /** When {@link #crowded} last changed; written by the poller thread just before it, read by any thread. */
    private volatile long crowdedSince;
    /** False once the CPU time proved unknown: it is not asked again, and the core is never crowded. */
    private boolean cpuKnown = true;
    private long cpuSampledAt;
    /** The process's CPU time at {@link #cpuSampledAt}; negative before the first sample or if unknown. */
    private long cpuAtSample = -1;
    /**
     * The share of its cores' time the process got in the last window, in percent; -1 before the
     * first window and once the CPU time proved unknown (then it is neither starved nor has its cores).
     */
    private int cpuPercent = -1;

    /** A yielder on {@link System#nanoTime()}, {@link Thread#yield()} and {@link ProcessCpu}. */
    Yielder() {
        this(System::nanoTime, Thread::yield, ProcessCpu::nanos, Runtime.getRuntime().availableProcessors());
    }

    /**
     * A yielder that never calls the core crowded (it knows no CPU time).
     *
     * @param clock the time in nanoseconds
     * @param yield what a yield does
     */
    Yielder(LongSupplier clock, Runnable yield) {
        this(clock, yield, () -> -1, 1);
    }

    /**
     * @param clock the time in nanoseconds
     * @param yield what a yield does
     * @param processCpu the CPU time the process has used, in nanoseconds; negative if unknown
     * @param cores how many cores the process may use
     */
    Yielder(LongSupplier clock, Runnable yield, LongSupplier processCpu, int cores) {
        this.clock = clock;
        this.yield = yield;
        this.processCpu = processCpu;
        this.cores = cores;
    }

    /** @return true unless yields are paused (see the class comment) */
    boolean allowed() {
        if (paused && clock.getAsLong() - resumeAt >= 0) {
            paused = false;
        }
        return !paused;
    }

    /**
     * From any thread. Every {@value #CROWDED_MILLIS} ms of a crowded spell this answers false for
     * {@value #RECHECK_MILLIS} ms: a reader that stops yielding while it is told the core is
     * crowded changes the very yields this is measured on (without the drainer's yields the mux
     * server's batches shrink, its threads work longer between the poller's yields, and those
     * become slow), so it must yield again now and then for the share to show whether the
     * stranger is still there. Without the recheck (and before the CPU half was added, which may
     * break that loop too) the mux server alone at c=1000 fell to 223k and 680k QPS in two of five
     * A/B runs (about 900k before); with it, in none of fourteen.
     *
     * @return true while the recent yields were slow and the process starved (see the class
     *         comment): a thread from outside is likely sharing the core, and a yield would give
     *         it a slice
     */
    boolean crowded() {
        return crowded && Math.floorMod(clock.getAsLong() - crowdedSince, CROWDED_PERIOD_NANOS) < CROWDED_NANOS;
    }

    /**
     * Compares the process's CPU time with the wall time since the last sample. A window longer
     * than four samples' (the poller did not yield meanwhile) says nothing about now: it only
     * starts a new one.
     */
    private void sampleCpu(long now) {
        long cpu = processCpu.getAsLong();
        if (cpu < 0) {
            cpuKnown = false;
            cpuPercent = -1;
            return;
        }
        if (cpuAtSample >= 0 && now - cpuSampledAt <= 4 * CPU_WINDOW_NANOS) {
            cpuPercent = (int) ((cpu - cpuAtSample) * 100 / ((now - cpuSampledAt) * cores));
        }
        cpuAtSample = cpu;
        cpuSampledAt = now;
    }

    /**
     * Yields once and times it.
     *
     * @return false when this yield was the {@value #SLOW_IN_ROW}th slow one in a row and the process
     *         did not have its cores (see the class comment): yields are paused now, and the caller
     *         should block instead of yielding again
     */
    boolean yield() {
        long start = clock.getAsLong();
        yield.run();
        long end = clock.getAsLong();
        boolean slow = end - start >= SLOW_NANOS;
        slowShare += ((slow ? ONE : 0) - slowShare) >> SHARE_SHIFT;
        if (cpuKnown && (cpuAtSample < 0 || end - cpuSampledAt >= CPU_WINDOW_NANOS)) {
            sampleCpu(end);
        }
        boolean starved = cpuPercent >= 0 && cpuPercent < STARVED_PERCENT;
        boolean crowdedNow = starved && slowShare > CROWDED_SHARE;
        if (crowdedNow != crowded) {
            crowdedSince = end;
            crowded = crowdedNow;
        }
        if (!slow) {
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
        if (cpuPercent >= OWN_CORE_PERCENT) {
            return true;
        }
        paused = true;
        resumeAt = end + pauseNanos;
        pauseNanos = Math.min(pauseNanos * 2, MAX_PAUSE_NANOS);
        return false;
    }
}
