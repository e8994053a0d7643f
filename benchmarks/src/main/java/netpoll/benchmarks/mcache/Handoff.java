package netpoll.benchmarks.mcache;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal single-producer single-consumer ring that hands buffers from the allocating thread to
 * the freeing thread in the cross-thread benchmarks, cheap enough not to hide the allocators'
 * costs. Thread contract: {@link #offer} on one thread, {@link #poll} on one other thread; the
 * head and tail counters are published with lazySet (release) and read with get (acquire).
 */
final class Handoff<T> {

    private static final int CAPACITY = 1024;
    private static final int MASK = CAPACITY - 1;
    private static final int PAD = 15;

    private final Object[] ring = new Object[CAPACITY];
    /** Written by the producer (release), read by the consumer. */
    private final AtomicLong tail = new AtomicLong();
    /** Allocated between the two counters so that they do not share a cache line. */
    private final long[] padding = new long[PAD];
    /** Written by the consumer (release), read by the producer. */
    private final AtomicLong head = new AtomicLong();
    private long cachedHead;
    private long cachedTail;

    boolean offer(T item) {
        long t = tail.get();
        if (t - cachedHead >= CAPACITY) {
            cachedHead = head.get();
            if (t - cachedHead >= CAPACITY) {
                return false;
            }
        }
        ring[(int) t & MASK] = item;
        tail.lazySet(t + 1);
        return true;
    }

    @SuppressWarnings("unchecked")
    T poll() {
        long h = head.get();
        if (h >= cachedTail) {
            cachedTail = tail.get();
            if (h >= cachedTail) {
                return null;
            }
        }
        int i = (int) h & MASK;
        T item = (T) ring[i];
        ring[i] = null;
        head.lazySet(h + 1);
        return item;
    }
}
