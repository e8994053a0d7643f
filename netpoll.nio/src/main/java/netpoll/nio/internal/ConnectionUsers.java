package netpoll.nio.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import netpoll.api.ConnectionClosedException;

/**
 * The users of a connection's buffers: a count of the threads inside a call, plus one for the
 * connection being open, and the holds of its reader and writer. {@link NioConnection} frees its
 * buffers when the count reaches zero ({@link #lastUserLeft}).
 *
 * <h2>Holds: memory lent out between calls</h2>
 * A view returned by next/peek/until is read after the call returns, until {@code release()};
 * a region returned by {@code malloc} (and any staged bytes) is filled after the call returns,
 * until {@code flush()}. A close on another thread in between must not give that memory to
 * another connection, or the writer would write into someone else's buffer and the reader would
 * read someone else's bytes. So the reader holds one user count from its first view until
 * release() ({@link #readerHold}), and the writer one from its first staging call until its next
 * flush ({@link #writerHold}), whatever the flush's outcome. A hold is also dropped when its
 * thread closes the connection, when a read fails because the connection is closed, and when a
 * handler returns from a closed connection. Staging on a connection whose buffers are already
 * freed stages nothing (malloc lends a throw-away heap buffer); the flush then fails.
 *
 * <p>Threads: every method is safe from any thread (CAS on the count and the holds).
 */
abstract class ConnectionUsers {

    // updated atomically through these, not through Atomic* objects (see Fields)
    private static final VarHandle USERS = Fields.handle(MethodHandles.lookup(), "users", int.class);
    private static final VarHandle READER_HOLD = Fields.handle(MethodHandles.lookup(), "readerHold", Thread.class);
    private static final VarHandle WRITER_HOLD = Fields.handle(MethodHandles.lookup(), "writerHold", Thread.class);

    /** Open ref plus users inside a call; see the class comment. CAS. */
    private volatile int users = 1;
    /** The thread holding a user count for its views (see the class comment), or null; CAS. */
    private volatile Thread readerHold;
    /** The thread holding a user count for its staged output, or null; CAS. */
    private volatile Thread writerHold;

    /** @return true once the connection is closed locally: no new user may enter */
    abstract boolean closedLocally();

    /** The count reached zero: the connection is closed and nobody uses its buffers any more. */
    abstract void lastUserLeft();

    /**
     * @param what the call that found the connection closed
     * @return the exception that says so
     */
    abstract ConnectionClosedException closed(String what);

    /** Counts a user in; fails when the connection is closed locally. */
    final void enter(String what) throws ConnectionClosedException {
        for (;;) {
            int n = users;
            if (n == 0 || closedLocally()) {
                throw closed(what);
            }
            if (USERS.compareAndSet(this, n, n + 1)) {
                return;
            }
        }
    }

    /** Counts a user out; the last one out calls {@link #lastUserLeft}. */
    final void leave() {
        if ((int) USERS.getAndAdd(this, -1) == 1) {
            lastUserLeft();
        }
    }

    /** For the handler: counts it in without failing (it checks the state itself). */
    final boolean tryEnter() {
        for (;;) {
            int n = users;
            if (n == 0) {
                return false;
            }
            if (USERS.compareAndSet(this, n, n + 1)) {
                return true;
            }
        }
    }

    /** Counts the reader in; when the connection is closed, its views are void: drops its hold. */
    final void enterReader(String what) throws ConnectionClosedException {
        try {
            enter(what);
        } catch (ConnectionClosedException e) {
            dropHold(READER_HOLD);
            throw e;
        }
    }

    final ConnectionClosedException readerClosed(String what) {
        dropHold(READER_HOLD);
        return closed(what);
    }

    /** The reader lends a view (until release()): makes sure its hold counts a user. */
    final void takeReaderHold() {
        takeHold(READER_HOLD);
    }

    /** An event-driven connection's handler is done for good: drops the reader's hold. */
    final void dropReaderHold() {
        dropHold(READER_HOLD);
    }

    /**
     * The writer stages output (until its flush): makes sure its hold counts a user.
     *
     * @return false when the buffers are freed already (nothing can be staged any more)
     */
    final boolean takeWriterHold() {
        return takeHold(WRITER_HOLD);
    }

    /** The writer flushed (whatever the outcome): drops its hold. */
    final void dropWriterHold() {
        dropHold(WRITER_HOLD);
    }

    /** @return true while some thread holds staged output */
    final boolean writerHolding() {
        return writerHold != null;
    }

    /** Drops the holds of the calling thread: it closed the connection, or its handler returned. */
    final void dropHoldsOfCurrentThread() {
        Thread me = Thread.currentThread();
        if (READER_HOLD.compareAndSet(this, me, null)) {
            leave();
        }
        if (WRITER_HOLD.compareAndSet(this, me, null)) {
            leave();
        }
    }

    /**
     * Makes sure {@code hold} counts a user for the calling thread's lent memory.
     *
     * @return false when the buffers are freed already (nothing can be lent any more)
     */
    private boolean takeHold(VarHandle hold) {
        Thread me = Thread.currentThread();
        for (;;) {
            Thread holder = (Thread) hold.getVolatile(this);
            if (holder == me) {
                return true;
            }
            if (holder != null) {
                // the role moved to this thread without a release or flush: keep the one count
                if (hold.compareAndSet(this, holder, me)) {
                    return true;
                }
                continue;
            }
            if (!tryEnter()) {
                return false;
            }
            if (hold.compareAndSet(this, null, me)) {
                return true;
            }
            leave();
        }
    }

    private void dropHold(VarHandle hold) {
        if (hold.getAndSet(this, null) != null) {
            leave();
        }
    }
}
