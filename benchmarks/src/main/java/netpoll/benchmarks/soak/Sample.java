package netpoll.benchmarks.soak;

import java.util.EnumMap;
import java.util.Map;

/**
 * One second of the soak: the metrics, and what the load did in that second.
 *
 * @param second seconds since the start
 * @param values each metric's value
 * @param requests echo round trips completed in that second
 * @param errors requests that failed in that second (faults make some fail on purpose)
 * @param faults faults injected in that second
 */
record Sample(long second, Map<Metric, Long> values, long requests, long errors, long faults) {

    Sample {
        values = new EnumMap<>(values);
    }

    long get(Metric m) {
        return values.get(m);
    }

    static String csvHeader() {
        StringBuilder b = new StringBuilder("second");
        for (Metric m : Metric.values()) {
            b.append(',').append(m.column);
        }
        return b.append(",requests,errors,faults").toString();
    }

    String csvRow() {
        StringBuilder b = new StringBuilder(Long.toString(second));
        for (Metric m : Metric.values()) {
            b.append(',').append(get(m));
        }
        return b.append(',').append(requests).append(',').append(errors).append(',').append(faults).toString();
    }
}
