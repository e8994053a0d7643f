package netpoll.pool.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counters the pool keeps itself, for one address or for the whole pool; Commons Pool keeps
 * the rest (active, idle, borrow waits).
 *
 * <p>Thread contract: every method is safe from any thread; each counter is a {@link LongAdder}
 * written by the thread that saw the event (a borrower, the evictor, a close callback) and read
 * by {@code stats()}.
 */
final class KeyStats {
    final LongAdder created = new LongAdder();
    final LongAdder destroyed = new LongAdder();
    final LongAdder validationFailures = new LongAdder();
    final LongAdder dialFailures = new LongAdder();
}
