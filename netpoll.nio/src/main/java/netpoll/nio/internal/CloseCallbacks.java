package netpoll.nio.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import netpoll.api.CloseCallback;
import netpoll.api.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's close callbacks: a lock-free stack, so they run newest first. Once
 * {@link #takeAll()} has taken them, the stack holds {@link #DONE} and a callback added later
 * runs at once on the adding thread. Thread-safe.
 */
final class CloseCallbacks {

    private static final Logger LOG = LoggerFactory.getLogger(CloseCallbacks.class);

    /** The list's nodes, newest first. */
    record Node(CloseCallback callback, Node next) {
    }

    private static final Node DONE = new Node(null, null);

    private static final VarHandle HEAD = Fields.handle(MethodHandles.lookup(), "head", Node.class);

    /** CAS by adders and by the one taker (a field, not an AtomicReference: see {@link Fields}). */
    private volatile Node head;

    /** Adds a callback, or runs it at once when the callbacks already ran. */
    void add(CloseCallback callback, Connection connection) {
        if (callback == null) {
            throw new NullPointerException("callback");
        }
        for (;;) {
            Node h = head;
            if (h == DONE) {
                run(callback, connection);
                return;
            }
            if (HEAD.compareAndSet(this, h, new Node(callback, h))) {
                return;
            }
        }
    }

    /** Takes every callback (once); later adds run at once. @return the list, or null */
    Node takeAll() {
        Node list = (Node) HEAD.getAndSet(this, DONE);
        return list == DONE ? null : list;
    }

    /** Runs a taken list in order; a failing callback is logged and the rest still run. */
    static void runAll(Node list, Connection connection) {
        for (Node node = list; node != null; node = node.next) {
            run(node.callback, connection);
        }
    }

    private static void run(CloseCallback callback, Connection connection) {
        try {
            callback.onClose(connection);
        } catch (Exception | Error e) {
            LOG.warn("{}: a close callback failed", connection, e);
        }
    }
}
