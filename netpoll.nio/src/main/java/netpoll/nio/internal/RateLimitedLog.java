package netpoll.nio.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs a repeated complaint (out of descriptors, over a limit, a peer refused) at most
 * {@code burst} times per interval; the next line logged says how many like it were suppressed
 * meanwhile, so a flood of bad peers cannot flood the log. Thread-safe; a line or two more than
 * the burst may pass when threads race at a window's start.
 */
final class RateLimitedLog {

    private final Logger log;
    private final long intervalNanos;
    private final int burst;
    /** Start of the current window; CAS by whoever opens the next one. */
    private final AtomicLong windowStart;
    /** Lines let through in the current window. */
    private final AtomicInteger used = new AtomicInteger();
    /** Lines suppressed since the last one logged. */
    private final AtomicLong suppressed = new AtomicLong();
    private final AtomicLong suppressedTotal = new AtomicLong();

    /** One line per interval. */
    RateLimitedLog(Logger log, long intervalNanos) {
        this(log, intervalNanos, 1);
    }

    RateLimitedLog(Logger log, long intervalNanos, int burst) {
        this.log = log;
        this.intervalNanos = intervalNanos;
        this.burst = burst;
        this.windowStart = new AtomicLong(System.nanoTime() - intervalNanos);
    }

    /** Logs at WARN unless the burst of this interval is spent; a trailing Throwable is the cause. */
    void warn(String format, Object... args) {
        if (log.isWarnEnabled() && admit()) {
            log.warn(withSuppressed(format), args);
        }
    }

    /** Logs at INFO unless the burst of this interval is spent. */
    void info(String format, Object... args) {
        if (log.isInfoEnabled() && admit()) {
            log.info(withSuppressed(format), args);
        }
    }

    /** @return how many lines were suppressed since this log was made */
    long suppressedTotal() {
        return suppressedTotal.get();
    }

    private boolean admit() {
        long now = System.nanoTime();
        long start = windowStart.get();
        if (now - start >= intervalNanos && windowStart.compareAndSet(start, now)) {
            used.set(0);
        }
        if (used.incrementAndGet() > burst) {
            suppressed.incrementAndGet();
            suppressedTotal.incrementAndGet();
            return false;
        }
        return true;
    }

    private String withSuppressed(String format) {
        long skipped = suppressed.getAndSet(0);
        return skipped == 0 ? format : format + " (" + skipped + " like this suppressed)";
    }
}
