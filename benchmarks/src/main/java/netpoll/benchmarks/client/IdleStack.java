package netpoll.benchmarks.client;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The free connections of a long-connection pool, most recently used first, holding at most a
 * fixed number (netpoll-benchmark's {@code longpool}); a connection given back to a full stack
 * is closed.
 *
 * <p>Thread contract: every method is safe from any thread.
 *
 * @param <T> the connection type
 */
final class IdleStack<T> {

    private final ConcurrentLinkedDeque<T> free = new ConcurrentLinkedDeque<>();
    /** How many are in {@link #free}; changed by any thread (atomic), may briefly lag. */
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;
    private final Consumer<T> closer;

    IdleStack(int capacity, Consumer<T> closer) {
        this.capacity = capacity;
        this.closer = closer;
    }

    /**
     * @return a free connection, or null when none is left
     */
    T poll() {
        T c = free.pollFirst();
        if (c != null) {
            size.decrementAndGet();
        }
        return c;
    }

    /**
     * Gives a healthy connection back, or closes it when the stack is full.
     *
     * @param c the connection
     */
    void offer(T c) {
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            closer.accept(c);
            return;
        }
        free.offerFirst(c);
    }

    /**
     * Closes every free connection.
     */
    void closeAll() {
        T c;
        while ((c = poll()) != null) {
            closer.accept(c);
        }
    }
}
