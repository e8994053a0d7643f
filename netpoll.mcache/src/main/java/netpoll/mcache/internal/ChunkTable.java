package netpoll.mcache.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * An identity map from a pooled buffer to its {@link Chunk}, so that {@code free(ByteBuffer)}
 * finds the chunk (and refuses buffers it does not know) without a lock.
 *
 * <p>Thread contract: {@link #add} and {@link #clear} run under the owning pool's table lock;
 * {@link #find} runs on any thread without a lock. Open addressing with linear probing over
 * {@link System#identityHashCode}; entries are never removed while the pool is open. A grown table
 * is filled completely before it is published through the volatile {@link #slots} field, and a
 * chunk that a thread can legitimately free was added before it was lent (happens-before through
 * the depot lock and the lending hand-off), so a lock-free reader always finds it.
 */
final class ChunkTable {

    private static final int INITIAL_SLOTS = 1024;
    /** Golden-ratio multiplier that spreads identity hashes over the slots. */
    private static final int MIX = 0x9E3779B9;

    /** Written under the table lock (publication of a grown array), read by any thread. */
    private volatile Chunk[] slots = new Chunk[INITIAL_SLOTS];
    /** Entries in {@link #slots}; under the table lock. */
    private int size;

    Chunk find(ByteBuffer buffer) {
        Chunk[] s = slots;
        int mask = s.length - 1;
        for (int i = index(buffer, mask); ; i = (i + 1) & mask) {
            Chunk c = s[i];
            if (c == null || c.buffer == buffer) {
                return c;
            }
        }
    }

    void add(Chunk chunk) {
        Chunk[] s = slots;
        if ((size + 1) * 2 > s.length) {
            s = grow(s);
        }
        insert(s, chunk);
        size++;
    }

    void clear() {
        slots = new Chunk[INITIAL_SLOTS];
        size = 0;
    }

    /**
     * @return every chunk in the table (a copy; for reports)
     */
    List<Chunk> snapshot() {
        List<Chunk> all = new ArrayList<>(size);
        for (Chunk c : slots) {
            if (c != null) {
                all.add(c);
            }
        }
        return all;
    }

    private Chunk[] grow(Chunk[] old) {
        Chunk[] bigger = new Chunk[old.length * 2];
        for (Chunk c : old) {
            if (c != null) {
                insert(bigger, c);
            }
        }
        slots = bigger;
        return bigger;
    }

    private static void insert(Chunk[] s, Chunk chunk) {
        int mask = s.length - 1;
        int i = index(chunk.buffer, mask);
        while (s[i] != null) {
            i = (i + 1) & mask;
        }
        s[i] = chunk;
    }

    private static int index(ByteBuffer buffer, int mask) {
        return (System.identityHashCode(buffer) * MIX >>> 16) & mask;
    }
}
