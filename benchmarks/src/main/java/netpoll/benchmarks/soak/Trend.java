package netpoll.benchmarks.soak;

import java.util.ArrayList;
import java.util.List;

/**
 * The soak's verdict on one metric: after warm-up, the mean of the last third of the samples
 * against the mean of the first third. Means of thirds, not a fitted slope, so that one spike
 * (a GC, a burst of faults) does not decide, while a steady climb always shows.
 *
 * @param metric the metric
 * @param early mean of the first third after warm-up
 * @param late mean of the last third
 * @param allowed the rise allowed from {@code early}
 */
record Trend(Metric metric, double early, double late, double allowed) {

    /** Fewer measured samples than this make no verdict possible. */
    static final int MIN_SAMPLES = 6;

    boolean upward() {
        return late - early > allowed;
    }

    static List<Trend> of(List<Sample> measured) {
        if (measured.size() < MIN_SAMPLES) {
            throw new IllegalArgumentException("a trend needs at least " + MIN_SAMPLES + " samples after warm-up, got "
                    + measured.size() + ": run longer or warm up shorter");
        }
        int third = measured.size() / 3;
        List<Trend> trends = new ArrayList<>();
        for (Metric m : Metric.values()) {
            double early = mean(measured.subList(0, third), m);
            double late = mean(measured.subList(measured.size() - third, measured.size()), m);
            trends.add(new Trend(m, early, late, m.allowedRise(early)));
        }
        return trends;
    }

    private static double mean(List<Sample> samples, Metric m) {
        return samples.stream().mapToLong(s -> s.get(m)).average().orElse(0);
    }

    @Override
    public String toString() {
        return String.format("%-20s first third %12s, last third %12s, allowed rise %10s: %s", metric.title,
                metric.unit.format(early), metric.unit.format(late), metric.unit.format(allowed),
                upward() ? "RISING" : "flat");
    }
}
