package netpoll.mcache;

import java.nio.ByteBuffer;
import netpoll.mcache.internal.Pool;
import netpoll.mcache.internal.Settings;
import netpoll.mcache.internal.SizeClasses;

/**
 * A cache of direct byte buffers in power-of-two size classes, carved from large slabs: Go
 * netpoll's {@code mcache}, for the JVM.
 *
 * <h2>Memory</h2>
 * {@link #malloc(int)} returns a <b>direct</b> buffer whose capacity is the smallest size class
 * that holds the request (64 bytes, 128, ..., up to the largest class, 1 MiB by default), with
 * position 0 and limit = the requested size. Its memory is <b>not zeroed</b>: it holds whatever
 * the previous user left. Requests above the largest class are plain direct allocations of
 * exactly the requested capacity, freed by dropping them. Socket I/O never goes through heap
 * buffers here: the JDK copies heap buffers into hidden temporary direct buffers.
 *
 * <h2>Ownership</h2>
 * A buffer has one owner from {@code malloc} to {@link #free(ByteBuffer)}; the owner must not
 * touch it after {@code free}. Only the very buffer object that {@code malloc} returned is
 * accepted: a slice or duplicate of it, a buffer of another {@code Mcache}, or a buffer freed
 * twice is refused with {@link IllegalArgumentException}, and the cache stays intact.
 *
 * <h2>Threads</h2>
 * Every method is safe from any thread. Each thread keeps a bounded cache of free buffers per size
 * class ({@link Builder#threadCacheBytes}); buffers move between a thread's cache and a shared
 * per-class store in batches, so a buffer allocated on one thread and freed on another (a poller
 * and a worker) costs a lock once per batch, never once per buffer. A thread's cache is reached
 * through a weak reference, so neither a thread pool nor an OSGi bundle restart keeps it alive
 * after {@link #close()}; caches of threads that have died go back to the shared store.
 *
 * <h2>Counters and leak detection</h2>
 * {@link #reservedBytes()}, {@link #cachedBytes()} and {@link #outstandingBuffers()} are exact when
 * the threads that use the cache are quiescent, approximate while they run. With leak detection on
 * (system property {@code netpoll.leakDetection=true}, or {@link Builder#leakDetection}), every
 * allocation records its stack and {@link #leakReport()} lists the buffers not yet freed.
 */
public final class Mcache implements AutoCloseable {

    /** Default largest size class: 1 MiB. */
    public static final int DEFAULT_MAX_SIZE_CLASS = 1 << 20;
    /** Default most bytes one slab reserves: 1 MiB (small classes take smaller slabs). */
    public static final int DEFAULT_SLAB_SIZE = 1 << 20;
    /** Default most bytes a thread caches per size class: 128 KiB. */
    public static final int DEFAULT_THREAD_CACHE_BYTES = 128 << 10;

    private final Pool pool;
    private final boolean shared;

    private Mcache(Pool pool, boolean shared) {
        this.pool = pool;
        this.shared = shared;
    }

    /** Holds the default instance, created on first use. */
    private static final class DefaultInstance {
        static final Mcache INSTANCE = new Mcache(builder().newPool(), true);
    }

    /**
     * The shared instance for code that wires none. Its {@link #close()} is refused.
     *
     * @return the default cache
     */
    public static Mcache defaultCache() {
        return DefaultInstance.INSTANCE;
    }

    /**
     * @return a builder of a new, isolated cache
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param size the limit of the buffer, 0 or more
     * @return a direct buffer, position 0, limit {@code size}, capacity the size class (or exactly
     *     {@code size} above the largest class); not zeroed
     * @throws IllegalArgumentException when {@code size} is negative
     * @throws IllegalStateException when this cache is closed
     */
    public ByteBuffer malloc(int size) {
        return malloc(size, size);
    }

    /**
     * @param size the limit of the buffer, 0 or more
     * @param capacity the least capacity wanted; the result's capacity is the size class of
     *     {@code max(size, capacity)}
     * @return a direct buffer, position 0, limit {@code size}; not zeroed
     * @throws IllegalArgumentException when {@code size} or {@code capacity} is negative
     * @throws IllegalStateException when this cache is closed
     */
    public ByteBuffer malloc(int size, int capacity) {
        if (size < 0 || capacity < 0) {
            throw new IllegalArgumentException("malloc: negative size " + size + " or capacity " + capacity);
        }
        return pool.malloc(size, capacity);
    }

    /**
     * Gives a buffer back. After {@link #close()} this does nothing (the memory goes back when the
     * buffer is unreachable).
     *
     * @param buffer the very object {@link #malloc} returned
     * @throws IllegalArgumentException when it was already freed, or was not allocated by this
     *     cache (a slice, a duplicate, a foreign buffer)
     */
    public void free(ByteBuffer buffer) {
        if (buffer == null) {
            throw new IllegalArgumentException("free: null buffer");
        }
        pool.free(buffer);
    }

    /**
     * @return bytes of direct memory reserved in slabs (large allocations are not counted); 0 after
     *     {@link #close()}
     */
    public long reservedBytes() {
        return pool.reservedBytes();
    }

    /**
     * @return reserved bytes not lent out now: in thread caches, in the shared store, or not yet
     *     carved from a slab
     */
    public long cachedBytes() {
        return pool.cachedBytes();
    }

    /**
     * @return buffers allocated and not yet freed (pooled and large); 0 after {@link #close()}
     */
    public long outstandingBuffers() {
        return pool.outstandingBuffers();
    }

    /**
     * Lists the buffers not yet freed with the stack of their allocation when leak detection is
     * on, or their count and how to turn it on when it is off.
     *
     * @return the report, or {@code ""} when no buffer is outstanding
     */
    public String leakReport() {
        return pool.leakReport();
    }

    /**
     * Frees every cache, the shared store and the slabs; the thread-local caches of this instance
     * become unreachable at once. Buffers still lent stay valid memory until they are unreachable
     * (nothing is unmapped under a user), but are no longer tracked. Idempotent.
     *
     * @throws IllegalStateException on the {@link #defaultCache()}, which other code shares
     */
    @Override
    public void close() {
        if (shared) {
            throw new IllegalStateException("the default Mcache is shared and cannot be closed;"
                    + " build your own with Mcache.builder() to control its lifetime");
        }
        pool.close();
    }

    Pool pool() {
        return pool;
    }

    /**
     * Settings of a new cache. Zero means the default for every size.
     */
    public static final class Builder {
        private Boolean leakDetection;
        private int slabSize;
        private int maxSizeClass;
        private int threadCacheBytes = -1;

        private Builder() {
        }

        /**
         * @param on whether to record where each buffer is allocated (slow: for tests); when not
         *     called, the system property {@code netpoll.leakDetection} decides
         * @return this
         */
        public Builder leakDetection(boolean on) {
            this.leakDetection = on;
            return this;
        }

        /**
         * @param bytes the most bytes one slab reserves, rounded up to a power of two; 0 for
         *     {@link #DEFAULT_SLAB_SIZE}
         * @return this
         */
        public Builder slabSize(int bytes) {
            this.slabSize = nonNegative("slabSize", bytes);
            return this;
        }

        /**
         * @param bytes the largest pooled size, rounded up to a power of two (at least 64); larger
         *     requests are plain allocations; 0 for {@link #DEFAULT_MAX_SIZE_CLASS}
         * @return this
         */
        public Builder maxSizeClass(int bytes) {
            this.maxSizeClass = nonNegative("maxSizeClass", bytes);
            return this;
        }

        /**
         * @param bytes the most bytes of free buffers a thread keeps per size class (classes larger
         *     than half of it are not cached per thread); 0 for
         *     {@link #DEFAULT_THREAD_CACHE_BYTES}
         * @return this
         */
        public Builder threadCacheBytes(int bytes) {
            this.threadCacheBytes = nonNegative("threadCacheBytes", bytes);
            return this;
        }

        /**
         * @return a new cache; close it when done
         */
        public Mcache build() {
            return new Mcache(newPool(), false);
        }

        private Pool newPool() {
            int max = SizeClasses.roundUp(Math.max(SizeClasses.MIN_SIZE,
                    maxSizeClass == 0 ? DEFAULT_MAX_SIZE_CLASS : maxSizeClass));
            int slab = SizeClasses.roundUp(slabSize == 0 ? DEFAULT_SLAB_SIZE : slabSize);
            int perThread = threadCacheBytes <= 0 ? DEFAULT_THREAD_CACHE_BYTES : threadCacheBytes;
            boolean leaks = leakDetection != null ? leakDetection : Settings.leakDetectionByDefault();
            return new Pool(max, slab, perThread, leaks);
        }

        private static int nonNegative(String what, int value) {
            if (value < 0) {
                throw new IllegalArgumentException(what + " must be 0 (default) or positive: " + value);
            }
            return value;
        }
    }
}
