package netpoll.mcache.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The shared store of free chunks of one size class, and the slab they are carved from.
 * Thread caches move chunks in and out in batches, so a thread takes this lock once per batch,
 * never once per buffer.
 *
 * <p>Thread contract: every method runs under {@link #lock} (taken by the caller through
 * {@link #lock()}/{@link #unlock()} or inside the method), except {@link #reserved()}, which any
 * thread may call.
 */
final class Depot {

    /** How many chunks of a small class one slab holds at most (so small classes reserve little). */
    private static final int SLAB_CHUNKS = 256;
    private static final int INITIAL_FREE = 64;

    private final ReentrantLock lock = new ReentrantLock();
    private final int sizeClass;
    private final int chunkSize;
    private final int slabSize;

    /** Free chunks, a stack; under the lock. */
    private Chunk[] free = new Chunk[INITIAL_FREE];
    /** Entries in {@link #free}; under the lock. */
    private int count;
    /** The slab being carved, or null; under the lock. */
    private ByteBuffer slab;
    /** Bytes of {@link #slab} carved so far; under the lock. */
    private int carved;
    /** Bytes of all slabs of this class; written under the lock, read by any thread. */
    private volatile long reserved;

    Depot(int sizeClass, int chunkSize, int maxSlabSize) {
        this.sizeClass = sizeClass;
        this.chunkSize = chunkSize;
        this.slabSize = Math.max(chunkSize, Math.min(maxSlabSize, chunkSize * SLAB_CHUNKS));
    }

    void lock() {
        lock.lock();
    }

    void unlock() {
        lock.unlock();
    }

    /**
     * Moves up to {@code max} free chunks into {@code dst} from index 0. Under the lock.
     *
     * @return how many were moved (0 when the depot is empty)
     */
    int takeFree(Chunk[] dst, int max) {
        int n = Math.min(max, count);
        count -= n;
        System.arraycopy(free, count, dst, 0, n);
        Arrays.fill(free, count, count + n, null);
        return n;
    }

    /**
     * Carves up to {@code max} new chunks into {@code dst} from index {@code from}, taking a new
     * slab when the current one is used up. Under the lock.
     *
     * @param table where new chunks are registered, under {@code tableLock}
     * @return how many were carved (at least 1)
     */
    int carve(Chunk[] dst, int from, int max, ChunkTable table, ReentrantLock tableLock) {
        if (slab == null || carved == slabSize) {
            slab = ByteBuffer.allocateDirect(slabSize);
            carved = 0;
            reserved += slabSize;
        }
        int n = Math.min(max, (slabSize - carved) / chunkSize);
        tableLock.lock();
        try {
            for (int i = 0; i < n; i++) {
                Chunk c = new Chunk(slab.slice(carved, chunkSize), sizeClass);
                carved += chunkSize;
                table.add(c);
                dst[from + i] = c;
            }
        } finally {
            tableLock.unlock();
        }
        return n;
    }

    /**
     * Stores {@code n} chunks from {@code src[from..]}. Takes the lock itself.
     */
    void give(Chunk[] src, int from, int n) {
        lock.lock();
        try {
            giveLocked(src, from, n);
        } finally {
            lock.unlock();
        }
    }

    void giveOne(Chunk chunk) {
        lock.lock();
        try {
            if (count == free.length) {
                free = Arrays.copyOf(free, free.length * 2);
            }
            free[count++] = chunk;
        } finally {
            lock.unlock();
        }
    }

    void giveLocked(Chunk[] src, int from, int n) {
        if (count + n > free.length) {
            free = Arrays.copyOf(free, Math.max(free.length * 2, count + n));
        }
        System.arraycopy(src, from, free, count, n);
        count += n;
    }

    /**
     * Drops every chunk and slab (the memory goes back when the last lent buffer is unreachable).
     */
    void clear() {
        lock.lock();
        try {
            free = new Chunk[INITIAL_FREE];
            count = 0;
            slab = null;
            carved = 0;
            reserved = 0;
        } finally {
            lock.unlock();
        }
    }

    long reserved() {
        return reserved;
    }
}
