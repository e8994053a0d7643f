package netpoll.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    private static final double MAX_RELATIVE_ERROR = 1.0 / LatencyHistogram.SUB_BUCKETS;

    @Test
    void percentilesOfAUniformRangeAreWithinTheBucketError() {
        LatencyHistogram h = new LatencyHistogram();
        for (long v = 1; v <= 100_000; v++) {
            h.record(v * 1000);
        }
        assertClose(50_000_000, h.percentile(50));
        assertClose(99_000_000, h.percentile(99));
        assertClose(99_900_000, h.percentile(99.9));
        assertEquals(100_000_000, h.percentile(100));
        assertEquals(100_000, h.count());
        assertEquals(50_000_500.0, h.mean(), 1.0);
    }

    @Test
    void aPercentileIsNeverBelowTheTrueValue() {
        LatencyHistogram h = new LatencyHistogram();
        long[] values = {3, 70, 129, 1_000, 65_537, 1_000_003, 987_654_321};
        for (long v : values) {
            h.record(v);
        }
        for (int i = 0; i < values.length; i++) {
            double p = 100.0 * (i + 1) / values.length;
            long reported = h.percentile(p);
            assertTrue(reported >= values[i], "p" + p + " = " + reported + " < " + values[i]);
            assertTrue(reported <= values[i] * (1 + MAX_RELATIVE_ERROR), "p" + p + " = " + reported);
        }
    }

    @Test
    void smallValuesAreExact() {
        LatencyHistogram h = new LatencyHistogram();
        for (int v = 0; v < 2 * LatencyHistogram.SUB_BUCKETS; v++) {
            h.record(v);
            assertEquals(v, LatencyHistogram.highestValueOf(LatencyHistogram.indexOf(v)));
        }
    }

    @Test
    void everyValueLandsInABucketThatContainsIt() {
        for (long v = 1; v < LatencyHistogram.MAX_TRACKABLE_NANOS; v = v * 3 + 1) {
            int i = LatencyHistogram.indexOf(v);
            assertTrue(LatencyHistogram.highestValueOf(i) >= v, "bucket top below " + v);
            assertTrue(i == 0 || LatencyHistogram.highestValueOf(i - 1) < v, "previous bucket holds " + v);
        }
    }

    @Test
    void aHugeOutlierIsClampedButStillTheMax() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(10);
        long huge = LatencyHistogram.MAX_TRACKABLE_NANOS * 4;
        h.record(huge);
        assertEquals(huge, h.max());
        assertEquals(huge, h.percentile(100));
        assertEquals(10, h.percentile(50));
    }

    @Test
    void anEmptyHistogramReportsZero() {
        LatencyHistogram h = new LatencyHistogram();
        assertEquals(0, h.percentile(99));
        assertEquals(0, h.count());
    }

    @Test
    void percentilesOutsideZeroToHundredAreRejected() {
        LatencyHistogram h = new LatencyHistogram();
        assertThrows(IllegalArgumentException.class, () -> h.percentile(100.5));
        assertThrows(IllegalArgumentException.class, () -> h.percentile(Double.NaN));
    }

    @Test
    void concurrentRecordersLoseNoCount() throws InterruptedException {
        LatencyHistogram h = new LatencyHistogram();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 50_000; i++) {
                    h.record(i);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            assertTrue(!thread.isAlive());
        }
        assertEquals(200_000, h.count());
    }

    @Test
    void addMergesCountsAndMax() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.record(100);
        b.record(5_000);
        a.add(b);
        assertEquals(2, a.count());
        assertEquals(5_000, a.max());
        assertEquals(100, a.percentile(50));
    }

    private static void assertClose(long expected, long actual) {
        assertTrue(actual >= expected && actual <= expected * (1 + MAX_RELATIVE_ERROR),
                "expected about " + expected + " but was " + actual);
    }
}
