package netpoll.nio.internal;

import java.lang.invoke.VarHandle;
import netpoll.mcache.LinkBuffer;
import netpoll.mcache.Mcache;

/**
 * A connection's {@link Input} and {@link Output} buffers are made on first use and kept in a
 * volatile field of their side, so that an idle connection holds none: these make and free them.
 */
final class LazyBuffer {

    private LazyBuffer() {
    }

    /**
     * Makes the buffer of {@code owner}'s field, once: when two threads race, one CAS wins and the
     * other's buffer, which holds no memory yet, is dropped. Call it when the field was null.
     *
     * @return the buffer the field holds now
     */
    static LinkBuffer make(VarHandle field, Object owner, Mcache mcache) {
        LinkBuffer made = new LinkBuffer(mcache);
        LinkBuffer won = (LinkBuffer) field.compareAndExchange(owner, null, made);
        return won == null ? made : won;
    }

    /** Gives a buffer's memory back to its cache, if it was ever made ({@code buffer} may be null). */
    static void free(LinkBuffer buffer) {
        if (buffer != null) {
            buffer.close();
        }
    }
}
