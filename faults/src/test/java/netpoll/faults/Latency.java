package netpoll.faults;

import java.util.Arrays;

/** Round-trip times of one client, in nanoseconds, and their percentiles. Not thread-safe. */
final class Latency {

    private static final double P50 = 0.50;
    private static final double P99 = 0.99;

    private final long[] samples;
    private int count;

    Latency(int capacity) {
        this.samples = new long[capacity];
    }

    void add(long nanos) {
        if (count < samples.length) {
            samples[count++] = nanos;
        }
    }

    void forEach(java.util.function.LongConsumer each) {
        for (int i = 0; i < count; i++) {
            each.accept(samples[i]);
        }
    }

    int count() {
        return count;
    }

    long percentile(double p) {
        if (count == 0) {
            throw new IllegalStateException("no samples");
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        return sorted[Math.min(count - 1, (int) Math.ceil(p * count) - 1)];
    }

    long p50() {
        return percentile(P50);
    }

    long p99() {
        return percentile(P99);
    }

    @Override
    public String toString() {
        return count == 0 ? "no samples" : "p50 " + Report.millis(p50()) + ", p99 " + Report.millis(p99())
                + " (" + count + " round trips)";
    }
}
