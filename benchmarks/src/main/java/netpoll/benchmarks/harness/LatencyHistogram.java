package netpoll.benchmarks.harness;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A log-linear histogram of latencies in nanoseconds, in the style of HdrHistogram: values below
 * {@code 2 * SUB_BUCKETS} are counted exactly; above, each power-of-two range is split into
 * {@link #SUB_BUCKETS} equal buckets, so a reported percentile is at most 1/{@code SUB_BUCKETS}
 * (1.6%) above the true value. Values above {@link #MAX_TRACKABLE_NANOS} are counted in the last
 * bucket (and still reach {@link #max()}).
 *
 * <p>Thread contract: {@link #record} is safe from any number of threads at once (atomic
 * increments); the readers ({@link #percentile}, {@link #count()}, …) are safe at any time but
 * see a consistent picture only once the recording threads have stopped (as the load generator
 * does: it joins its callers first).
 */
public final class LatencyHistogram {

    /** Buckets per power of two: 2^6, for a relative error under 1.6%. */
    public static final int SUB_BUCKETS = 1 << 6;

    /** The largest value counted in its own bucket: 2^36 ns, about 68 s. */
    public static final long MAX_TRACKABLE_NANOS = 1L << 36;

    private static final int SUB_BUCKET_BITS = Integer.numberOfTrailingZeros(SUB_BUCKETS);
    private static final int MAX_EXPONENT = Long.numberOfTrailingZeros(MAX_TRACKABLE_NANOS);
    private static final int BUCKET_COUNT = SUB_BUCKETS * (MAX_EXPONENT - SUB_BUCKET_BITS + 2);
    private static final double PERCENT = 100.0;
    /** Absorbs floating-point error in {@code percent / 100 * n}, so p(100/7) of 7 is rank 1. */
    private static final double RANK_TOLERANCE = 1e-9;
    /** The bucket of {@link #MAX_TRACKABLE_NANOS}, where larger values are counted too. */
    private static final int CLAMP_INDEX = indexOf(MAX_TRACKABLE_NANOS);

    /** Count per bucket; written by recording threads (atomic increment), read by reporters. */
    private final AtomicLongArray counts = new AtomicLongArray(BUCKET_COUNT);
    /** Written by recording threads (atomic max), read by reporters. */
    private final AtomicLong max = new AtomicLong();
    /** Written by recording threads (atomic add), read by reporters. */
    private final AtomicLong sum = new AtomicLong();
    /** Written by recording threads (atomic increment), read by reporters. */
    private final AtomicLong total = new AtomicLong();

    /**
     * Counts one latency.
     *
     * @param nanos the latency; negative values count as 0
     */
    public void record(long nanos) {
        long value = Math.max(0, nanos);
        counts.getAndIncrement(indexOf(Math.min(value, MAX_TRACKABLE_NANOS)));
        max.accumulateAndGet(value, Math::max);
        sum.addAndGet(value);
        total.incrementAndGet();
    }

    /**
     * Adds every count of {@code other} to this histogram.
     *
     * @param other a histogram no thread records into any more
     */
    public void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKET_COUNT; i++) {
            long c = other.counts.get(i);
            if (c != 0) {
                counts.addAndGet(i, c);
            }
        }
        max.accumulateAndGet(other.max(), Math::max);
        sum.addAndGet(other.sum.get());
        total.addAndGet(other.count());
    }

    /**
     * @return how many values were recorded
     */
    public long count() {
        return total.get();
    }

    /**
     * @return the largest value recorded, 0 when empty
     */
    public long max() {
        return max.get();
    }

    /**
     * @return the mean of the recorded values, 0 when empty
     */
    public double mean() {
        long n = count();
        return n == 0 ? 0 : (double) sum.get() / n;
    }

    /**
     * The value below or at which {@code percent} of the recorded values lie, reported as the
     * highest value of its bucket (never below the true percentile, at most 1.6% above it); in
     * the last bucket, where values above {@link #MAX_TRACKABLE_NANOS} are counted, it is
     * {@link #max()}.
     *
     * @param percent in 0..100; 100 gives {@link #max()}
     * @return the percentile in nanoseconds, 0 when empty
     * @throws IllegalArgumentException when {@code percent} is outside 0..100
     */
    public long percentile(double percent) {
        if (!(percent >= 0 && percent <= PERCENT)) {
            throw new IllegalArgumentException("percentile must be in 0..100, was " + percent);
        }
        long n = count();
        if (n == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percent / PERCENT * n - RANK_TOLERANCE));
        long seen = 0;
        for (int i = 0; i < CLAMP_INDEX; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return Math.min(highestValueOf(i), max());
            }
        }
        return max();
    }

    /**
     * The bucket of a value: exact below {@code 2 * SUB_BUCKETS}, then {@link #SUB_BUCKETS}
     * buckets per power of two.
     *
     * @param value a value in 0..{@link #MAX_TRACKABLE_NANOS}
     * @return its bucket index
     */
    static int indexOf(long value) {
        if (value < SUB_BUCKETS) {
            return (int) value;
        }
        int exponent = Long.SIZE - 1 - Long.numberOfLeadingZeros(value);
        int shift = exponent - SUB_BUCKET_BITS;
        int group = shift + 1;
        int sub = (int) (value >>> shift) - SUB_BUCKETS;
        return group * SUB_BUCKETS + sub;
    }

    /**
     * The highest value that falls into a bucket.
     *
     * @param index a bucket index
     * @return the largest value {@link #indexOf} maps to it
     */
    static long highestValueOf(int index) {
        int group = index / SUB_BUCKETS;
        if (group == 0) {
            return index;
        }
        int shift = group - 1;
        long lowest = (long) (SUB_BUCKETS + index % SUB_BUCKETS) << shift;
        return lowest + (1L << shift) - 1;
    }
}
