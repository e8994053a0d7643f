package netpoll.mcache.internal;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Every thread cache of one pool: finds the calling thread's cache, gives the chunks of dead
 * threads back to the depots, and sums the lent-chunk counters.
 *
 * <h2>Why the thread-local holds a weak reference</h2>
 * The calling thread reaches its cache through a {@link ThreadLocal} whose value is a
 * {@link WeakReference} (a JDK class); only this registry holds the cache strongly. So a thread's
 * {@code ThreadLocalMap} never pins a class of this bundle (an OSGi bundle restart leaks nothing,
 * as HikariCP's weak thread-locals do), and {@link #clear()} on close makes every thread's cache
 * unreachable at once without touching another thread's data.
 *
 * <p>Thread contract: {@link #current()} runs on any thread (lock-free once the thread is
 * registered); everything else takes {@link #lock}. Lock order: registry lock, then depot locks.
 */
final class Registry {

    /** Keyed by this registry (one per pool); each thread's value is written and read by that thread. */
    private final ThreadLocal<WeakReference<ThreadCache>> local = new ThreadLocal<>();
    private final ReentrantLock lock = new ReentrantLock();
    /** Registered caches; under {@link #lock}. */
    private final List<ThreadCache> caches = new ArrayList<>();
    /** Per class: lent counters of caches whose threads died; under {@link #lock}. */
    private final long[] retiredLent;
    private final int[] batches;
    private final Depot[] depots;

    Registry(int[] batches, Depot[] depots) {
        this.batches = batches;
        this.depots = depots;
        this.retiredLent = new long[batches.length];
    }

    ThreadCache current() {
        WeakReference<ThreadCache> ref = local.get();
        ThreadCache cache = ref == null ? null : ref.get();
        return cache != null ? cache : register();
    }

    private ThreadCache register() {
        ThreadCache cache = new ThreadCache(Thread.currentThread(), batches);
        lock.lock();
        try {
            reclaimDeadLocked();
            caches.add(cache);
        } finally {
            lock.unlock();
        }
        local.set(new WeakReference<>(cache));
        return cache;
    }

    /**
     * Gives the free chunks of every cache whose thread has died back to the depots.
     */
    void reclaimDead() {
        lock.lock();
        try {
            reclaimDeadLocked();
        } finally {
            lock.unlock();
        }
    }

    private void reclaimDeadLocked() {
        for (Iterator<ThreadCache> it = caches.iterator(); it.hasNext(); ) {
            ThreadCache cache = it.next();
            if (!cache.owner.isAlive()) {
                for (int c = 0; c < depots.length; c++) {
                    if (cache.counts[c] > 0) {
                        depots[c].give(cache.stacks[c], 0, cache.counts[c]);
                        cache.counts[c] = 0;
                    }
                    retiredLent[c] += cache.lent(c);
                }
                it.remove();
            }
        }
    }

    /**
     * @param sizeClass a class index
     * @return chunks of that class lent now, over all threads (exact when they are quiescent)
     */
    long lent(int sizeClass) {
        lock.lock();
        try {
            long sum = retiredLent[sizeClass];
            for (ThreadCache cache : caches) {
                sum += cache.lent(sizeClass);
            }
            return sum;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Forgets every cache (their chunks become unreachable with them) and the calling thread's
     * thread-local entry.
     */
    void clear() {
        lock.lock();
        try {
            caches.clear();
            java.util.Arrays.fill(retiredLent, 0);
        } finally {
            lock.unlock();
        }
        local.remove();
    }
}
