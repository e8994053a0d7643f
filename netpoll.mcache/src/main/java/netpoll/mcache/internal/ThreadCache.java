package netpoll.mcache.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One thread's bounded stacks of free chunks, one per size class, and its lent-chunk counters.
 *
 * <p>Thread contract: only {@link #owner} touches the stacks while it is alive. After the owner
 * has died ({@code Thread.isAlive()} returned false, which happens-after everything the owner
 * did), the pool's registry may drain the stacks under its lock. {@link #lent} is written by the
 * owner with opaque stores and read by any thread with opaque loads (the counters are exact once
 * the threads that use the pool are quiescent).
 */
final class ThreadCache {

    private static final VarHandle LENT = MethodHandles.arrayElementVarHandle(long[].class);

    final Thread owner;
    /** Per class: free chunks, a stack of capacity 2 x batch; owner only. */
    final Chunk[][] stacks;
    /** Per class: entries in {@link #stacks}; owner only. */
    final int[] counts;
    /** A one-slot array for classes too large to cache (their stack is empty); owner only. */
    final Chunk[] single = new Chunk[1];
    /** Per class: chunks lent minus chunks returned through this thread (may be negative). */
    private final long[] lent;

    ThreadCache(Thread owner, int[] batches) {
        this.owner = owner;
        this.stacks = new Chunk[batches.length][];
        this.counts = new int[batches.length];
        this.lent = new long[batches.length];
        for (int c = 0; c < batches.length; c++) {
            stacks[c] = new Chunk[2 * batches[c]];
        }
    }

    void addLent(int sizeClass, int delta) {
        LENT.setOpaque(lent, sizeClass, (long) LENT.getOpaque(lent, sizeClass) + delta);
    }

    long lent(int sizeClass) {
        return (long) LENT.getOpaque(lent, sizeClass);
    }
}
