package netpoll.gopool.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Grows a pool when its running workers are blocked, and only then past one worker per core.
 *
 * <p>Go can start a goroutine for every waiting task because its runtime multiplexes them over
 * one thread per core; a Java platform thread per waiting task would just fight the others for
 * the cores when the tasks are busy rather than blocked. So when tasks wait, nobody is free and
 * the scheduler does not start a worker at once, it {@link #arm arms} this watchdog. One stall
 * period later it looks again: if tasks still wait, nobody is free, and no task at all was taken
 * in the meantime, the workers are blocked and it starts more (half as many again as run, at
 * least one, within the backlog and the capacity); while tasks wait it looks again every
 * period. Busy workers take tasks all the time, so they never look stalled; and no waiting task
 * is left without a worker for good while the pool is below its capacity.
 *
 * <p>Thread contract: {@link #arm} and {@link #wake} are called from any thread; {@link #run}
 * runs on the scaler's own thread, named {@code <pool name>-scaler}, started on the first arm
 * and ended when the pool is drained after shutdown.
 */
final class Scaler implements Runnable {

    /** How long no task may be taken before the workers count as blocked. */
    static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private static final VarHandle ARMED;
    private static final VarHandle STARTED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            ARMED = lookup.findVarHandle(Scaler.class, "armed", boolean.class);
            STARTED = lookup.findVarHandle(Scaler.class, "started", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Scheduler scheduler;
    /** True while a check is pending: set by CAS in arm(), cleared by the scaler thread. */
    private volatile boolean armed;
    /** Tasks taken when armed: written (volatile) by arming threads before their CAS on armed. */
    private volatile long takenWhenArmed;
    /** Set once by CAS by the thread that starts the scaler thread. */
    private volatile boolean started;
    /** The scaler thread: written once by its starter, read by wakers. */
    private volatile Thread thread;

    Scaler(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Asks for a look one stall period from now, unless one is pending.
     *
     * @param taken the queue's taken count now
     */
    void arm(long taken) {
        if (armed) {
            return;
        }
        takenWhenArmed = taken; // racing armers write about the same value; either will do
        if (!ARMED.compareAndSet(this, false, true)) {
            return;
        }
        if (!started && STARTED.compareAndSet(this, false, true)) {
            thread = scheduler.startScalerThread(this);
        } else {
            wake();
        }
    }

    /** Makes the scaler look at the pool now (arming, shutdown, termination). */
    void wake() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public void run() {
        try {
            while (!scheduler.queue().isDrained()) {
                if (!armed) {
                    LockSupport.park(this);
                    continue;
                }
                long taken = takenWhenArmed;
                long deadline = System.nanoTime() + STALL_NANOS;
                for (long left = STALL_NANOS; left > 0 && !scheduler.queue().isDrained();
                        left = deadline - System.nanoTime()) {
                    LockSupport.parkNanos(this, left);
                }
                armed = false;
                scheduler.afterStallPeriod(taken);
            }
        } finally {
            scheduler.scalerExited(Thread.currentThread());
        }
    }
}
