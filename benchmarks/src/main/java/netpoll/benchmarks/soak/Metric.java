package netpoll.benchmarks.soak;

import java.util.Locale;

/**
 * What the soak samples once a second, with how much a metric may rise between the first and
 * the last third of the measured run before the soak calls it a trend.
 */
enum Metric {
    /** Resident set size of the process (/proc/self/status VmRSS). */
    RSS("rss_bytes", "RSS", Unit.MIB, 32L << 20, 0.10),
    /** Heap in use right after a forced full collection (the live heap). */
    HEAP_AFTER_GC("heap_after_gc_bytes", "heap after GC", Unit.MIB, 16L << 20, 0.10),
    /** Direct memory in use (BufferPoolMXBean "direct"). */
    DIRECT("direct_bytes", "direct memory", Unit.MIB, 16L << 20, 0.10),
    /** Live threads. */
    THREADS("threads", "threads", Unit.COUNT, 4, 0),
    /** Open file descriptors (/proc/self/fd). */
    DESCRIPTORS("descriptors", "open descriptors", Unit.COUNT, 64, 0),
    /** Buffers the server's and the pooled clients' Mcaches have lent and not got back. */
    MCACHE_OUTSTANDING("mcache_outstanding", "Mcache buffers out", Unit.COUNT, 64, 0);

    /** How a metric's values read. */
    enum Unit {
        MIB, COUNT;

        String format(double v) {
            return this == MIB ? String.format(Locale.ROOT, "%.1f MiB", v / (1 << 20))
                    : String.format(Locale.ROOT, "%.0f", v);
        }
    }

    final String column;
    final String title;
    final Unit unit;
    /** The rise always allowed (noise, caches filling). */
    final double absoluteTolerance;
    /** The rise allowed as a share of the early level. */
    final double relativeTolerance;

    Metric(String column, String title, Unit unit, double absoluteTolerance, double relativeTolerance) {
        this.column = column;
        this.title = title;
        this.unit = unit;
        this.absoluteTolerance = absoluteTolerance;
        this.relativeTolerance = relativeTolerance;
    }

    /** @return how much this metric may rise from {@code early} before it counts as a trend */
    double allowedRise(double early) {
        return Math.max(absoluteTolerance, relativeTolerance * early);
    }
}
