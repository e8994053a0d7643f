package netpoll.mcache.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One buffer of a size class (carved from a slab) or one large allocation, with the state that
 * catches a double free.
 *
 * <p>Thread contract: a chunk has one holder at a time: a thread cache, the depot, or the code it
 * is lent to. The holder lends it ({@link #lend}, plain writes: the chunk reaches its next holder
 * through a lock or through whatever hand-off the borrower uses, which carries happens-before).
 * {@link #tryReturn()} is a CAS, so two threads freeing the same buffer at once cannot both win.
 */
public final class Chunk {

    /** {@link #sizeClass} of a large allocation, which is not pooled. */
    public static final int LARGE = -1;

    private static final int FREE = 0;
    private static final int LENT = 1;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Chunk.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The chunk's memory; its capacity is the class size (or the large size). Never replaced. */
    public final ByteBuffer buffer;
    /** The size class index, or {@link #LARGE}. */
    public final int sizeClass;

    /**
     * FREE or LENT; written plainly by the lender, by CAS in {@link #tryReturn()} (public frees)
     * and plainly in {@link #returnOwned()} (this module's own nodes).
     */
    private int state;
    /** Where the chunk was lent, in leak-detection mode; written by the lender, read racily by reports. */
    private Throwable allocatedAt;
    /** LinkBuffer's node object for this chunk; written and read by the chunk's current holder. */
    private Object attachment;

    Chunk(ByteBuffer buffer, int sizeClass) {
        this.buffer = buffer;
        this.sizeClass = sizeClass;
    }

    /**
     * Marks the chunk lent and resets its buffer: position 0, limit {@code limit}, big-endian.
     *
     * @param limit the limit to set, or a negative value for the whole capacity
     * @param trace whether to record the caller's stack (leak detection)
     */
    void lend(int limit, boolean trace) {
        state = LENT;
        buffer.clear();
        if (limit >= 0) {
            buffer.limit(limit);
        }
        buffer.order(ByteOrder.BIG_ENDIAN);
        if (trace) {
            allocatedAt = new Throwable("buffer of capacity " + buffer.capacity() + " allocated by "
                    + Thread.currentThread().getName());
        }
    }

    /**
     * @return true if the chunk was lent and is now free; false if it was already free
     */
    boolean tryReturn() {
        if (STATE.compareAndSet(this, LENT, FREE)) {
            allocatedAt = null;
            return true;
        }
        return false;
    }

    /**
     * The holder gives the chunk back on a path this module controls (a LinkBuffer node whose
     * reference count reached zero: exactly one thread does this), so no CAS is needed.
     *
     * @return true if the chunk was lent and is now free; false if it was already free
     */
    boolean returnOwned() {
        if (state != LENT) {
            return false;
        }
        state = FREE;
        allocatedAt = null;
        return true;
    }

    /**
     * @return whether the chunk is lent now (racy: for reports)
     */
    boolean isLent() {
        return (int) STATE.getOpaque(this) == LENT;
    }

    /**
     * @return where it was lent, or null when leak detection is off or it is free
     */
    Throwable allocatedAt() {
        return allocatedAt;
    }

    /**
     * @return the object the current holder attached, or null
     */
    public Object attachment() {
        return attachment;
    }

    /**
     * @param attachment an object to keep with this chunk for its later holders
     */
    public void attach(Object attachment) {
        this.attachment = attachment;
    }
}
