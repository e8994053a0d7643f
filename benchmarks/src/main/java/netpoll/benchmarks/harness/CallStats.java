package netpoll.benchmarks.harness;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one measured window: the latency of each successful call, and the failed
 * calls by kind, with the first problem seen kept for the report.
 *
 * <p>Thread contract: {@link #count} is safe from any number of threads at once (atomic);
 * {@link #measurement} is read once the counting threads have stopped or moved past the window.
 */
public final class CallStats {

    private static final double NANOS_PER_MICRO = 1e3;
    private static final double NANOS_PER_SECOND = 1e9;

    /** What became of a call. */
    public enum Kind {
        /** answered in time with every byte right */
        OK,
        /** not answered within the timeout, or answered after it */
        TIMEOUT,
        /** answered with a wrong byte, a wrong length or another request's id */
        MISMATCH,
        /** the connection failed */
        FAILURE
    }

    private final LatencyHistogram histogram = new LatencyHistogram();
    private final LongAdder calls = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder mismatches = new LongAdder();
    /** The first problem seen; set once by any counting thread (CAS). */
    private final AtomicReference<String> firstError = new AtomicReference<>();

    /**
     * Counts one call.
     *
     * @param kind what became of it
     * @param latencyNanos how long it took (used for {@link Kind#OK} only)
     * @param problem what was wrong, or null
     */
    public void count(Kind kind, long latencyNanos, String problem) {
        switch (kind) {
            case OK -> {
                histogram.record(latencyNanos);
                calls.increment();
            }
            case TIMEOUT -> timeouts.increment();
            case MISMATCH -> mismatches.increment();
            case FAILURE -> failures.increment();
        }
        if (problem != null) {
            firstError.compareAndSet(null, problem);
        }
    }

    /**
     * @return the first problem seen, or null
     */
    public String firstError() {
        return firstError.get();
    }

    /**
     * @param windowNanos how long the window lasted
     * @return what was counted, as QPS, percentiles and errors
     */
    public Measurement measurement(long windowNanos) {
        double seconds = windowNanos / NANOS_PER_SECOND;
        long errors = timeouts.sum() + failures.sum() + mismatches.sum();
        return new Measurement(calls.sum() / seconds,
                histogram.percentile(50) / NANOS_PER_MICRO,
                histogram.percentile(99) / NANOS_PER_MICRO,
                histogram.percentile(99.9) / NANOS_PER_MICRO,
                histogram.max() / NANOS_PER_MICRO,
                calls.sum(), errors, timeouts.sum(), mismatches.sum());
    }
}
