package netpoll.benchmarks.harness;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one client run measured, as the {@code client} command prints it on its
 * {@code RESULT} line and the {@code suite} reads it back from the child's output.
 *
 * @param qps successful calls per second in the measured window
 * @param p50Micros median latency of successful calls, µs
 * @param p99Micros 99th percentile, µs
 * @param p999Micros 99.9th percentile, µs
 * @param maxMicros the slowest successful call, µs
 * @param calls successful calls in the window
 * @param errors failed calls in the window: timeouts, I/O errors and wrong responses together
 * @param timeouts of {@code errors}, the calls that timed out
 * @param mismatches of {@code errors}, the responses whose bytes were wrong
 */
public record Measurement(double qps, double p50Micros, double p99Micros, double p999Micros,
        double maxMicros, long calls, long errors, long timeouts, long mismatches) {

    /** The marker that starts the machine-readable line. */
    public static final String PREFIX = "RESULT ";

    /**
     * @return the machine-readable line: {@code RESULT qps=… p50_us=… …}
     */
    public String toLine() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("qps", format(qps));
        m.put("p50_us", format(p50Micros));
        m.put("p99_us", format(p99Micros));
        m.put("p999_us", format(p999Micros));
        m.put("max_us", format(maxMicros));
        m.put("calls", Long.toString(calls));
        m.put("errors", Long.toString(errors));
        m.put("timeouts", Long.toString(timeouts));
        m.put("mismatches", Long.toString(mismatches));
        StringBuilder sb = new StringBuilder(PREFIX);
        m.forEach((k, v) -> sb.append(k).append('=').append(v).append(' '));
        return sb.toString().trim();
    }

    /**
     * Reads a line written by {@link #toLine()}.
     *
     * @param line the line, starting with {@link #PREFIX}
     * @return the measurement
     * @throws IllegalArgumentException naming the line when it is not a result line or lacks a
     *     field
     */
    public static Measurement parse(String line) {
        if (!line.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a result line: " + line);
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String pair : line.substring(PREFIX.length()).trim().split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                m.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        try {
            return new Measurement(number(m, "qps", line), number(m, "p50_us", line),
                    number(m, "p99_us", line), number(m, "p999_us", line), number(m, "max_us", line),
                    (long) number(m, "calls", line), (long) number(m, "errors", line),
                    (long) number(m, "timeouts", line), (long) number(m, "mismatches", line));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("result line has a field that is not a number: " + line, e);
        }
    }

    private static double number(Map<String, String> m, String key, String line) {
        String v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("result line lacks " + key + ": " + line);
        }
        return Double.parseDouble(v);
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /**
     * @return a line for people: QPS, percentiles in ms, errors
     */
    public String toHumanLine() {
        return String.format(Locale.ROOT,
                "qps=%.0f p50=%.3fms p99=%.3fms p999=%.3fms max=%.3fms calls=%d errors=%d"
                        + " (timeouts=%d mismatches=%d)",
                qps, p50Micros / 1e3, p99Micros / 1e3, p999Micros / 1e3, maxMicros / 1e3, calls,
                errors, timeouts, mismatches);
    }
}
