package netpoll.gopool.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One link of {@link TaskQueue}: {@value #SIZE} task slots for the indices
 * {@code base .. base + SIZE - 1}.
 *
 * <p>Thread contract: safe from any thread. Slots are written by the producer that claimed the
 * index (release) and read and cleared by the consumer that claimed it (acquire, then opaque);
 * {@link TaskQueue} does both. {@link #next} is linked once, by whichever thread needs it first.
 */
final class TaskChunk {

    /** Slots per chunk: big enough to make chunk allocation rare, small enough to stay in L2. */
    static final int SIZE = 1024;

    private static final VarHandle NEXT;

    static {
        try {
            NEXT = MethodHandles.lookup().findVarHandle(TaskChunk.class, "next", TaskChunk.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Index of slot 0; final. */
    final long base;
    /** The tasks; each slot is accessed through TaskQueue's array VarHandle only. */
    final Runnable[] slots = new Runnable[SIZE];
    /** The following chunk: null until linked by a CAS (any thread), then never changed. */
    private volatile TaskChunk next;

    TaskChunk(long base) {
        this.base = base;
    }

    /**
     * Walks forward (linking new chunks where the list ends) to the chunk holding an index.
     *
     * @param index an index not below this chunk's base
     * @return the chunk whose slots cover the index
     */
    TaskChunk find(long index) {
        TaskChunk chunk = this;
        while (index >= chunk.base + SIZE) {
            chunk = chunk.next();
        }
        return chunk;
    }

    /**
     * Like {@link #find} but links nothing.
     *
     * @param index an index not below this chunk's base
     * @return the chunk whose slots cover the index, or null if it is not linked yet
     */
    TaskChunk peek(long index) {
        TaskChunk chunk = this;
        while (chunk != null && index >= chunk.base + SIZE) {
            chunk = chunk.next;
        }
        return chunk;
    }

    private TaskChunk next() {
        TaskChunk n = next;
        if (n != null) {
            return n;
        }
        TaskChunk fresh = new TaskChunk(base + SIZE);
        TaskChunk witness = (TaskChunk) NEXT.compareAndExchange(this, null, fresh);
        return witness == null ? fresh : witness;
    }
}
