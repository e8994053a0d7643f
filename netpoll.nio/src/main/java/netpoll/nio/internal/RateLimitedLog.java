package netpoll.nio.internal;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs a repeated complaint (out of descriptors, over a limit) at most once per interval, with
 * how many were suppressed. Thread-safe.
 */
final class RateLimitedLog {

    private final Logger log;
    private final long intervalNanos;
    /** When the last line was logged; CAS by whoever logs. */
    private final AtomicLong last;
    private final AtomicLong suppressed = new AtomicLong();

    RateLimitedLog(Logger log, long intervalNanos) {
        this.log = log;
        this.intervalNanos = intervalNanos;
        this.last = new AtomicLong(System.nanoTime() - intervalNanos);
    }

    void log(String format, Object... args) {
        long now = System.nanoTime();
        long prev = last.get();
        if (now - prev < intervalNanos || !last.compareAndSet(prev, now)) {
            suppressed.incrementAndGet();
            return;
        }
        long skipped = suppressed.getAndSet(0);
        log.warn(skipped == 0 ? format : format + " (" + skipped + " like this suppressed)", args);
    }
}
