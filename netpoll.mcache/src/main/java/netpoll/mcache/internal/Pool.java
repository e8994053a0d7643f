package netpoll.mcache.internal;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine behind {@code netpoll.mcache.Mcache}: size classes of direct memory carved from
 * slabs, per-thread caches that exchange chunks with per-class depots in batches, an identity
 * table that validates {@code free}, and large allocations above the largest class.
 *
 * <h2>Paths</h2>
 * <ul>
 * <li>malloc and free on one thread: a thread-local lookup and an array push/pop; the depot lock
 *     is taken once per batch, only when the thread's stack runs empty or full.</li>
 * <li>malloc on thread A, free on thread B: B's stack fills and spills a batch to the depot, A's
 *     stack empties and refills a batch from it: one lock per batch on each side.</li>
 * <li>{@link #allocate(int)}/{@link #release(Chunk)}: the same, for code in this module that keeps
 *     the {@link Chunk} (LinkBuffer), skipping the identity lookup.</li>
 * </ul>
 *
 * <p>Thread contract: every public method is safe from any thread. {@link #closed} is volatile:
 * after {@link #close()}, allocation throws and freeing drops the buffer.
 */
public final class Pool {

    /** Most chunks a thread moves to or from a depot at once. */
    private static final int MAX_BATCH = 64;
    /** A limit argument of {@link Chunk#lend} that means "the whole capacity". */
    private static final int FULL_CAPACITY = -1;

    private final SizeClasses classes;
    private final Depot[] depots;
    private final int[] batches;
    private final Registry registry;
    private final ChunkTable table = new ChunkTable();
    private final ReentrantLock tableLock = new ReentrantLock();
    /** Large allocations lent now, by identity; under {@link #largeLock}. */
    private final Map<ByteBuffer, Chunk> large = new IdentityHashMap<>();
    private final ReentrantLock largeLock = new ReentrantLock();
    private final boolean leakDetection;
    /** Set once by close(); read by every operation. */
    private volatile boolean closed;

    /**
     * @param maxSizeClass the largest pooled size, a power of two
     * @param slabSize the most bytes one slab reserves (a class larger than that gets slabs of its size)
     * @param threadCacheBytes the most bytes a thread keeps per size class
     * @param leakDetection whether to record where each buffer was allocated
     */
    public Pool(int maxSizeClass, int slabSize, int threadCacheBytes, boolean leakDetection) {
        this.classes = new SizeClasses(maxSizeClass);
        this.leakDetection = leakDetection;
        int n = classes.count();
        this.depots = new Depot[n];
        this.batches = new int[n];
        for (int c = 0; c < n; c++) {
            int size = classes.sizeOf(c);
            depots[c] = new Depot(c, size, slabSize);
            batches[c] = Math.min(MAX_BATCH, threadCacheBytes / size / 2);
        }
        this.registry = new Registry(batches, depots);
    }

    /**
     * Lends a chunk of at least {@code size} bytes; its buffer has position 0, limit = capacity.
     *
     * @param size 0 or more bytes
     * @return a lent chunk
     */
    public Chunk allocate(int size) {
        return lend(size, FULL_CAPACITY, null);
    }

    /**
     * {@link #allocate(int)} for a caller that keeps the calling thread's cache at hand.
     *
     * @param size 0 or more bytes
     * @param local the calling thread's cache ({@link #localCache()})
     * @return a lent chunk
     */
    Chunk allocate(int size, ThreadCache local) {
        return lend(size, FULL_CAPACITY, local);
    }

    /**
     * @return the calling thread's cache, which a caller on this thread may pass to
     *     {@link #allocate(int, ThreadCache)} and {@link #release(Chunk, ThreadCache)}
     */
    ThreadCache localCache() {
        return registry.current();
    }

    /**
     * @param last the cache a caller got here before on some thread, or null
     * @return {@code last} when it is the calling thread's cache (comparing the thread is cheaper
     *     than a thread-local lookup), else the calling thread's cache
     */
    ThreadCache localCache(ThreadCache last) {
        return last != null && last.owner == Thread.currentThread() ? last : registry.current();
    }

    /**
     * Takes back a chunk lent by {@link #allocate(int)}.
     *
     * @param chunk the chunk
     * @throws IllegalStateException when it was already returned (a bug in this module)
     */
    public void release(Chunk chunk) {
        release(chunk, null);
    }

    /**
     * {@link #release(Chunk)} with the calling thread's cache at hand (or null to look it up).
     */
    void release(Chunk chunk, ThreadCache local) {
        if (closed) {
            return;
        }
        if (chunk.sizeClass == Chunk.LARGE) {
            if (!forgetLarge(chunk.buffer)) {
                throw new IllegalStateException("large chunk released twice");
            }
            return;
        }
        if (!chunk.returnOwned()) {
            throw new IllegalStateException("chunk of " + chunk.buffer.capacity() + " bytes released twice");
        }
        keep(chunk, local);
    }

    /**
     * @param size the limit of the buffer
     * @param capacity at least this capacity
     * @return a direct buffer, position 0, limit {@code size}
     */
    public ByteBuffer malloc(int size, int capacity) {
        return lend(Math.max(size, capacity), size, null).buffer;
    }

    /**
     * @param buffer a buffer returned by {@link #malloc}
     * @throws IllegalArgumentException for a buffer freed twice or not lent by this pool
     */
    public void free(ByteBuffer buffer) {
        if (closed) {
            return;
        }
        Chunk chunk = table.find(buffer);
        if (chunk == null) {
            if (buffer.capacity() <= classes.maxSize() || !forgetLarge(buffer)) {
                throw new IllegalArgumentException("free: " + describe(buffer) + " was not allocated by this"
                        + " Mcache, or is a large buffer already freed (slices and duplicates are not accepted)");
            }
            return;
        }
        if (!chunk.tryReturn()) {
            throw new IllegalArgumentException("free: double free of " + describe(buffer)
                    + ": it was already freed");
        }
        keep(chunk, null);
    }

    private Chunk lend(int capacity, int limit, ThreadCache local) {
        if (closed) {
            throw new IllegalStateException("this Mcache is closed");
        }
        if (capacity > classes.maxSize()) {
            return lendLarge(capacity, limit);
        }
        int c = classes.classOf(capacity);
        ThreadCache cache = local != null ? local : registry.current();
        int n = cache.counts[c];
        Chunk chunk;
        if (n > 0) {
            chunk = cache.stacks[c][--n];
            cache.counts[c] = n;
        } else {
            chunk = refill(cache, c);
        }
        chunk.lend(limit, leakDetection);
        cache.addLent(c, 1);
        return chunk;
    }

    private void keep(Chunk chunk, ThreadCache local) {
        // Accepted race: a thread that passes this check just before close() pushes the chunk into
        // a cache or depot that close() is dropping; the chunk is then dropped with it.
        if (closed) {
            return;
        }
        int c = chunk.sizeClass;
        ThreadCache cache = local != null ? local : registry.current();
        cache.addLent(c, -1);
        Chunk[] stack = cache.stacks[c];
        if (stack.length == 0) {
            depots[c].giveOne(chunk);
            return;
        }
        int n = cache.counts[c];
        if (n == stack.length) {
            n -= batches[c];
            depots[c].give(stack, n, batches[c]);
        }
        stack[n] = chunk;
        cache.counts[c] = n + 1;
    }

    /** The thread's stack of class {@code c} is empty: refill a batch and return one chunk. */
    private Chunk refill(ThreadCache cache, int c) {
        Chunk[] stack = cache.stacks[c];
        Chunk[] dst = stack.length == 0 ? cache.single : stack;
        int want = Math.max(1, batches[c]);
        Depot depot = depots[c];
        depot.lock();
        int n;
        try {
            n = depot.takeFree(dst, want);
        } finally {
            depot.unlock();
        }
        if (n == 0) {
            registry.reclaimDead();
            depot.lock();
            try {
                n = depot.takeFree(dst, want);
                if (n == 0) {
                    n = depot.carve(dst, 0, want, table, tableLock);
                }
            } finally {
                depot.unlock();
            }
        }
        if (stack.length == 0) {
            return dst[0];
        }
        cache.counts[c] = n - 1;
        return stack[n - 1];
    }

    private Chunk lendLarge(int capacity, int limit) {
        Chunk chunk = new Chunk(ByteBuffer.allocateDirect(capacity), Chunk.LARGE);
        chunk.lend(limit, leakDetection);
        largeLock.lock();
        try {
            large.put(chunk.buffer, chunk);
        } finally {
            largeLock.unlock();
        }
        return chunk;
    }

    private boolean forgetLarge(ByteBuffer buffer) {
        largeLock.lock();
        try {
            Chunk chunk = large.remove(buffer);
            return chunk != null && chunk.tryReturn();
        } finally {
            largeLock.unlock();
        }
    }

    /**
     * @return the largest pooled size
     */
    public int maxSizeClass() {
        return classes.maxSize();
    }

    /**
     * @return bytes of all slabs
     */
    public long reservedBytes() {
        long sum = 0;
        for (Depot d : depots) {
            sum += d.reserved();
        }
        return sum;
    }

    /**
     * @return reserved bytes not lent now
     */
    public long cachedBytes() {
        long lentBytes = 0;
        for (int c = 0; c < depots.length; c++) {
            lentBytes += registry.lent(c) * classes.sizeOf(c);
        }
        return Math.max(0, reservedBytes() - lentBytes);
    }

    /**
     * @return buffers lent and not freed, pooled and large
     */
    public long outstandingBuffers() {
        if (closed) {
            return 0;
        }
        long sum = 0;
        for (int c = 0; c < depots.length; c++) {
            sum += registry.lent(c);
        }
        largeLock.lock();
        try {
            return sum + large.size();
        } finally {
            largeLock.unlock();
        }
    }

    /**
     * @return one paragraph per outstanding buffer with where it was allocated, or "" when none
     */
    public String leakReport() {
        List<Chunk> lent = new ArrayList<>();
        tableLock.lock();
        try {
            for (Chunk c : table.snapshot()) {
                if (c.isLent()) {
                    lent.add(c);
                }
            }
        } finally {
            tableLock.unlock();
        }
        largeLock.lock();
        try {
            lent.addAll(large.values());
        } finally {
            largeLock.unlock();
        }
        if (lent.isEmpty() || closed) {
            return "";
        }
        StringWriter out = new StringWriter();
        PrintWriter w = new PrintWriter(out);
        w.println(lent.size() + " outstanding buffer(s)" + (leakDetection ? ":"
                : "; turn leak detection on (system property " + Settings.LEAK_DETECTION_PROPERTY
                        + "=true or Mcache.builder().leakDetection(true)) to see where they were allocated"));
        for (Chunk c : lent) {
            Throwable at = c.allocatedAt();
            if (at != null) {
                at.printStackTrace(w);
            }
        }
        w.flush();
        return out.toString();
    }

    /**
     * Frees every cache and slab; buffers still lent stay valid until they are unreachable.
     */
    public void close() {
        closed = true;
        registry.clear();
        for (Depot d : depots) {
            d.clear();
        }
        tableLock.lock();
        try {
            table.clear();
        } finally {
            tableLock.unlock();
        }
        largeLock.lock();
        try {
            large.clear();
        } finally {
            largeLock.unlock();
        }
    }

    /**
     * @return whether {@link #close()} was called
     */
    public boolean isClosed() {
        return closed;
    }

    private static String describe(ByteBuffer buffer) {
        return (buffer.isDirect() ? "direct" : "heap") + " buffer of capacity " + buffer.capacity();
    }
}
