package netpoll.benchmarks.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongUnaryOperator;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrendTest {

    private static final long MIB = 1 << 20;
    private static final int SECONDS = 60;

    /** Samples where every metric is flat at a base level except {@code metric}, which follows {@code f}. */
    private static List<Sample> samples(Metric metric, LongUnaryOperator f) {
        List<Sample> samples = new ArrayList<>();
        for (long s = 1; s <= SECONDS; s++) {
            Map<Metric, Long> v = new EnumMap<>(Metric.class);
            for (Metric m : Metric.values()) {
                v.put(m, m == metric ? f.applyAsLong(s) : 100L);
            }
            samples.add(new Sample(s, v, 1, 0, 0));
        }
        return samples;
    }

    private static Trend trendOf(List<Sample> samples, Metric m) {
        return Trend.of(samples).stream().filter(t -> t.metric() == m).findFirst().orElseThrow();
    }

    @Test
    void aSteadyClimbIsRising() {
        Trend heap = trendOf(samples(Metric.HEAP_AFTER_GC, s -> 50 * MIB + s * MIB), Metric.HEAP_AFTER_GC);
        assertTrue(heap.upward(), heap.toString());
    }

    @Test
    void noiseAroundALevelIsFlat() {
        Random random = new Random(1);
        Trend rss = trendOf(samples(Metric.RSS, s -> 300 * MIB + random.nextInt(20) * MIB), Metric.RSS);
        assertFalse(rss.upward(), rss.toString());
    }

    @Test
    void aFewMoreThreadsThanTheToleranceIsRising() {
        Trend threads = trendOf(samples(Metric.THREADS, s -> s < SECONDS / 2 ? 40 : 50), Metric.THREADS);
        assertTrue(threads.upward(), threads.toString());
        assertEquals(40, threads.early(), 0.0);
    }

    @Test
    void aFallingLineIsFlat() {
        assertFalse(trendOf(samples(Metric.DIRECT, s -> (200 - s) * MIB), Metric.DIRECT).upward());
    }

    @Test
    void tooFewSamplesGiveNoVerdict() {
        List<Sample> few = samples(Metric.RSS, s -> s).subList(0, Trend.MIN_SAMPLES - 1);
        assertThrows(IllegalArgumentException.class, () -> Trend.of(few));
    }

    @Test
    void theChartIsAPngWithAPanelPerMetric(@TempDir Path dir) throws Exception {
        List<Sample> samples = samples(Metric.HEAP_AFTER_GC, s -> s * MIB);
        Path png = dir.resolve("soak.png");
        SoakChart.write(png, "test", samples, SECONDS / 5, Trend.of(samples.subList(SECONDS / 5, SECONDS)));
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "not a readable PNG");
        assertTrue(image.getWidth() > 0 && image.getHeight() > 0);
        assertTrue(Files.size(png) > 0);
    }
}
