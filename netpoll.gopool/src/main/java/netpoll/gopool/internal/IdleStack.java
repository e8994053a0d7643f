package netpoll.gopool.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The parked workers, newest on top: a lock-free (Treiber) stack.
 *
 * <p>Thread contract: safe from any thread. A worker pushes itself just before it parks; any
 * thread that wants a worker pops one and tries to wake it with {@link Worker#trySignal()}.
 *
 * <p>Each push allocates a fresh node, so a popped node is never pushed again and the classic
 * ABA problem of a compare-and-set on the top cannot happen (a worker parks at most once per
 * push; parking costs far more than the node). A node may outlive its worker's idle spell (the
 * worker found work itself, or timed out and left): {@code trySignal} then fails and the popper
 * simply takes the next node. LIFO order keeps the most recently busy (cache-warm) workers in
 * use and lets the ones at the bottom reach their keep-alive and exit.
 */
final class IdleStack {

    private static final VarHandle TOP;

    static {
        try {
            TOP = MethodHandles.lookup().findVarHandle(IdleStack.class, "top", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The newest node: CAS by pushers and poppers, read by anyone. */
    private volatile Node top;

    /**
     * Pushes a worker that is about to park.
     *
     * @param worker the worker, in state IDLE
     */
    void push(Worker worker) {
        Node node = new Node(worker);
        Node t;
        do {
            t = top;
            node.next = t;
        } while (!TOP.weakCompareAndSet(this, t, node));
    }

    /**
     * Pops the newest node.
     *
     * @return its worker (which may no longer be idle), or null if the stack is empty
     */
    Worker pop() {
        for (;;) {
            Node t = top;
            if (t == null) {
                return null;
            }
            if (TOP.weakCompareAndSet(this, t, t.next)) {
                return t.worker;
            }
        }
    }

    /** @return true if no node is on the stack */
    boolean isEmpty() {
        return top == null;
    }

    /** An entry; immutable once published by the CAS that pushed it. */
    private static final class Node {
        final Worker worker;
        Node next;

        Node(Worker worker) {
            this.worker = worker;
        }
    }
}
