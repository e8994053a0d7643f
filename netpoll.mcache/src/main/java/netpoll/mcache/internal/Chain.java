package netpoll.mcache.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The one word a LinkBuffer's reader and writer share: how many bytes were ever flushed, whether
 * the writer is staging, and whether the reader has given the nodes back (the buffer is idle).
 *
 * <pre>
 *   state = flushedTotal &lt;&lt; 2 | DETACHED | WRITING
 *
 *          writer: first staging op                 writer: flush
 *             getAndBitwiseOr(WRITING)          setRelease(flushed &lt;&lt; 2 [| DETACHED if no node])
 *   IDLE ------------------------------&gt; STAGING ---------------------------------------&gt; IDLE
 *    |  ^                                                                                   |
 *    |  | writer: first staging op sees DETACHED: starts a new list ({@link #start})          |
 *    |  +-----------------------------------------------------------------------------+     |
 *    | reader: release() with nothing readable:                                          |     |
 *    |   CAS(consumed &lt;&lt; 2  -&gt;  consumed &lt;&lt; 2 | DETACHED), then frees every node   |     |
 *    +--------------------------------------------------------------------------&gt; DETACHED
 * </pre>
 *
 * <ul>
 * <li>The writer owns every node from the last flushed node on while WRITING is set, and touches
 *     no node once its flush has cleared it (until its next staging op).</li>
 * <li>The reader frees consumed nodes before its current node at any time; it frees the last
 *     node (and so all memory) only through the CAS, which succeeds only when WRITING is clear
 *     and every flushed byte was consumed: the two sides can never both hold the tail.</li>
 * <li>The flush's release store publishes the bytes, the nodes' {@code end} and {@code next}
 *     fields and {@link #start}; the reader's acquire load (or CAS) sees them.</li>
 * </ul>
 *
 * <p>Thread contract: {@link #state} through the VarHandle only; {@link #start} is written by the
 * writer before a publishing flush and read by the reader after it has seen that flush.
 */
public final class Chain {

    static final long WRITING = 1;
    static final long DETACHED = 2;
    private static final int SHIFT = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Chain.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** See the class comment. A new buffer is idle and holds no node. */
    private long state = DETACHED;
    /** The first node of a list begun after DETACHED; writer before a flush, reader after it. */
    Node start;

    /** Writer: starts staging. @return the previous state */
    long beginWrite() {
        return (long) STATE.getAndBitwiseOr(this, WRITING);
    }

    /** Writer: publishes the flushed total and ends staging. */
    void publish(long flushedTotal, boolean detached) {
        STATE.setRelease(this, flushedTotal << SHIFT | (detached ? DETACHED : 0));
    }

    /** Any thread: @return bytes ever flushed (acquire) */
    long flushed() {
        return (long) STATE.getAcquire(this) >>> SHIFT;
    }

    /** Any thread: @return whether the writer is staging now (a hint off the writer thread) */
    boolean writing() {
        return ((long) STATE.getOpaque(this) & WRITING) != 0;
    }

    /** Anyone, with both sides quiescent: @return whether no node is held */
    boolean detached() {
        return ((long) STATE.getAcquire(this) & DETACHED) != 0;
    }

    /**
     * Reader: takes every node if nothing is staged or unread.
     *
     * @param consumed bytes ever consumed by the reader
     * @return whether the reader now owns (and must free) every node
     */
    boolean tryDetach(long consumed) {
        return STATE.compareAndSet(this, consumed << SHIFT, consumed << SHIFT | DETACHED);
    }

    /** Owner, with both sides quiescent: forget every node (after they were freed). */
    void reset(long flushedTotal) {
        start = null;
        STATE.setRelease(this, flushedTotal << SHIFT | DETACHED);
    }
}
