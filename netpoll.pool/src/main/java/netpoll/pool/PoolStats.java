package netpoll.pool;

import java.time.Duration;

/**
 * A snapshot of a {@link ConnectionPool}'s counters, of the whole pool or of one address. The
 * counters are read one after another, not atomically, so under load they may disagree by the
 * few connections in flight; once the pool is quiet, {@code created - destroyed == active + idle}.
 *
 * @param active connections lent out now (including dials under way)
 * @param idle connections waiting in the pool now
 * @param created connections dialed successfully since the pool was built
 * @param destroyed connections closed by the pool since it was built
 * @param validationFailures connections found inactive on borrow, while idle or on return, or
 *     whose peer hung up while they were idle
 * @param dialFailures dials that failed or timed out
 * @param meanBorrowWait the mean time a recent borrow waited (Commons Pool's moving mean of the
 *     last 100 borrows, over the whole pool)
 * @param maxBorrowWait the longest time a borrow waited since the pool was built (whole pool)
 */
public record PoolStats(int active, int idle, long created, long destroyed, long validationFailures,
        long dialFailures, Duration meanBorrowWait, Duration maxBorrowWait) {
}
