package netpoll.mcache.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reusable view objects over one node's memory, so that a steady stream of same-shaped reads
 * (a frame header, a payload) hands out views without making garbage.
 *
 * <p>A view is a slice of the node's memory for one (index, length) pair. It is handed out at most
 * once between two {@link #reset()} calls (the contract lets the caller move its position, and
 * several views may be held at once), and reused, with position, limit and byte order reset, for
 * the same pair after a reset: by then the old view is invalid by contract.
 *
 * <p>Thread contract: confined to one side of a buffer (the reader's cache or the writer's).
 */
final class ViewCache {

    private static final int SLOTS = 4;
    private static final int INDEX_SHIFT = 32;
    private static final long LENGTH_MASK = 0xFFFF_FFFFL;

    private final ByteBuffer[] views = new ByteBuffer[SLOTS];
    private final long[] keys = new long[SLOTS];
    /** Bit i: views[i] was handed out since the last reset. */
    private int inUse;
    private int victim;

    ByteBuffer view(ByteBuffer memory, int index, int length) {
        long key = ((long) index << INDEX_SHIFT) | (length & LENGTH_MASK);
        int free = -1;
        for (int i = 0; i < SLOTS; i++) {
            int bit = 1 << i;
            if ((inUse & bit) == 0) {
                ByteBuffer v = views[i];
                if (v != null && keys[i] == key) {
                    inUse |= bit;
                    v.clear();
                    v.order(ByteOrder.BIG_ENDIAN);
                    return v;
                }
                if (free < 0 || i == victim) {
                    free = i;
                }
            }
        }
        ByteBuffer v = memory.slice(index, length);
        if (free >= 0) {
            views[free] = v;
            keys[free] = key;
            inUse |= 1 << free;
            victim = (free + 1) % SLOTS;
        }
        return v;
    }

    void reset() {
        inUse = 0;
    }
}
