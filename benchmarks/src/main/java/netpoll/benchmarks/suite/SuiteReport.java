package netpoll.benchmarks.suite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import netpoll.benchmarks.harness.Measurement;

/**
 * Writes the suite's results: {@code results.md} (a table per test and scenario, with the
 * context needed to reproduce it), {@code results.csv}, and PNG charts of QPS, TP99 and TP999
 * per concurrency with one line per implementation, named as netpoll-benchmark's pictures
 * ({@code server1_qps.png}, {@code client3_tp99.png}, …). With several rounds per point
 * ({@code --rounds}) the tables and charts show each point's median round (see {@link Rounds}),
 * the tables every round's QPS and p99 too, and the CSV every round.
 */
final class SuiteReport {

    private static final double MICROS_PER_MILLI = 1e3;
    private static final double BYTES_PER_MIB = 1024.0 * 1024.0;

    private SuiteReport() {
    }

    /**
     * @param dir the results directory (exists)
     * @param context lines of context (date, machine, JDK, command) for the top of the table
     * @param transport what the connections ran over ("TCP", "Unix sockets"), named in every
     *     table's heading and chart's title
     * @param rows every measured point, every round of it, in the order measured
     * @param idleRows the idle-connection memory of each server, every round, if measured
     * @param notes lines that say what was skipped and why
     * @return the markdown text written to {@code results.md}
     * @throws IOException when a file cannot be written
     */
    static String write(Path dir, List<String> context, String transport, List<SuiteRow> rows,
            List<IdleRow> idleRows, List<String> notes) throws IOException {
        StringBuilder md = new StringBuilder("# Echo benchmark results\n\n");
        context.forEach(line -> md.append("- ").append(line).append('\n'));
        for (String test : List.of("server", "client")) {
            for (int scenario : scenarios(rows, test)) {
                List<List<SuiteRow>> part = Rounds.byPoint(rows.stream()
                        .filter(r -> r.test().equals(test) && r.scenario() == scenario).toList(), SuiteRow::point);
                md.append('\n').append(table(test, scenario, transport, part));
                writeCharts(dir, test, scenario, transport, part.stream().map(SuiteReport::medianRound).toList());
                md.append("\nCharts: ").append(chartName(test, scenario, "qps")).append(", ")
                        .append(chartName(test, scenario, "tp99")).append(", ")
                        .append(chartName(test, scenario, "tp999")).append('\n');
            }
        }
        if (!idleRows.isEmpty()) {
            md.append('\n').append(idleTable(idleRows));
        }
        if (!notes.isEmpty()) {
            md.append("\n## Notes\n\n");
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        Files.writeString(dir.resolve("results.md"), md, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("results.csv"), csv(rows), StandardCharsets.UTF_8);
        return md.toString();
    }

    private static Set<Integer> scenarios(List<SuiteRow> rows, String test) {
        Set<Integer> s = new TreeSet<>();
        rows.stream().filter(r -> r.test().equals(test)).forEach(r -> s.add(r.scenario()));
        return s;
    }

    /** The round that stands for a point: the one with the median QPS. */
    private static SuiteRow medianRound(List<SuiteRow> rounds) {
        return Rounds.median(rounds, r -> r.measurement().qps());
    }

    /**
     * One line per point. With several rounds the line is the median round's, its errors are
     * those of all rounds, and two more columns give every round's QPS and p99 in the order run.
     */
    private static String table(String test, int scenario, String transport, List<List<SuiteRow>> points) {
        StringBuilder t = new StringBuilder();
        String fixed = points.isEmpty() ? "" : "server".equals(test)
                ? "fixed client: " + points.get(0).get(0).client() : "fixed server: " + points.get(0).get(0).server();
        boolean repeated = Rounds.repeated(points);
        t.append("## ").append(test).append(" test, scenario ").append(scenario).append(" (")
                .append(fixed).append(", ").append(transport).append(")\n\n");
        t.append("| ").append(test).append(" | concurrency | QPS | p50 ms | p99 ms | p999 ms | ")
                .append(repeated ? "errors (all rounds)" : "errors")
                .append(" | server CPU % | server RSS MiB | server threads |")
                .append(repeated ? " QPS per round | p99 ms per round |\n" : "\n");
        t.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|").append(repeated ? "---|---|\n" : "\n");
        for (List<SuiteRow> rounds : points) {
            SuiteRow r = medianRound(rounds);
            Measurement m = r.measurement();
            t.append(String.format(Locale.ROOT,
                    "| %s | %d | %.0f | %.3f | %.3f | %.3f | %d | %s | %s | %s |",
                    r.subject(), r.concurrency(), m.qps(), m.p50Micros() / MICROS_PER_MILLI,
                    m.p99Micros() / MICROS_PER_MILLI, m.p999Micros() / MICROS_PER_MILLI,
                    rounds.stream().mapToLong(x -> x.measurement().errors()).sum(),
                    r.serverCpuPercent() < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", r.serverCpuPercent()),
                    r.serverRssBytes() < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", r.serverRssBytes() / BYTES_PER_MIB),
                    r.serverThreads() < 0 ? "n/a" : Long.toString(r.serverThreads())));
            if (repeated) {
                t.append(' ').append(perRound(rounds, x -> x.measurement().qps(), "%.0f")).append(" | ")
                        .append(perRound(rounds, x -> x.measurement().p99Micros() / MICROS_PER_MILLI, "%.3f"))
                        .append(" |");
            }
            t.append('\n');
        }
        return t.toString();
    }

    private static <T> String perRound(List<T> rounds, ToDoubleFunction<T> value, String format) {
        return String.join(", ", rounds.stream()
                .map(r -> String.format(Locale.ROOT, format, value.applyAsDouble(r))).toList());
    }

    /** As {@link #table}: the round with the median KiB per connection, and with several rounds every round's. */
    private static String idleTable(List<IdleRow> rows) {
        List<List<IdleRow>> points = Rounds.byPoint(rows, IdleRow::server);
        boolean repeated = Rounds.repeated(points);
        StringBuilder t = new StringBuilder("## idle connections: server memory\n\n");
        t.append("| server | idle connections | RSS before MiB | RSS with idle MiB | KiB per idle connection"
                + " | server threads |").append(repeated ? " KiB per round |\n" : "\n")
                .append("|---|---:|---:|---:|---:|---:|").append(repeated ? "---|\n" : "\n");
        for (List<IdleRow> rounds : points) {
            IdleRow r = Rounds.median(rounds, IdleRow::kibPerConnection);
            t.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.1f | %d |", r.server(),
                    r.connections(), r.rssBeforeBytes() / BYTES_PER_MIB, r.rssIdleBytes() / BYTES_PER_MIB,
                    r.kibPerConnection(), r.threadsIdle()));
            if (repeated) {
                t.append(' ').append(perRound(rounds, IdleRow::kibPerConnection, "%.1f")).append(" |");
            }
            t.append('\n');
        }
        return t.toString();
    }

    private static void writeCharts(Path dir, String test, int scenario, String transport,
            List<SuiteRow> rows) throws IOException {
        List<Integer> xs = new ArrayList<>(new TreeSet<>(rows.stream().map(SuiteRow::concurrency).toList()));
        Set<String> subjects = new LinkedHashSet<>(rows.stream().map(SuiteRow::subject).toList());
        String what = test + " test, scenario " + scenario + " (" + transport + ")";
        chart(dir, test, scenario, "qps", "QPS, " + what, "requests per second", xs, subjects, rows,
                m -> m.qps());
        chart(dir, test, scenario, "tp99", "TP99, " + what, "p99 latency, ms", xs, subjects, rows,
                m -> m.p99Micros() / MICROS_PER_MILLI);
        chart(dir, test, scenario, "tp999", "TP999, " + what, "p999 latency, ms", xs, subjects, rows,
                m -> m.p999Micros() / MICROS_PER_MILLI);
    }

    private static void chart(Path dir, String test, int scenario, String metric, String title,
            String yLabel, List<Integer> xs, Set<String> subjects, List<SuiteRow> rows,
            ToDoubleFunction<Measurement> value) throws IOException {
        LineChart chart = new LineChart(title, yLabel, xs);
        for (String subject : subjects) {
            double[] values = new double[xs.size()];
            Arrays.fill(values, Double.NaN);
            for (SuiteRow r : rows) {
                if (r.subject().equals(subject)) {
                    values[xs.indexOf(r.concurrency())] = value.applyAsDouble(r.measurement());
                }
            }
            chart.addSeries(subject, values);
        }
        chart.write(dir.resolve(chartName(test, scenario, metric)));
    }

    private static String chartName(String test, int scenario, String metric) {
        return test + scenario + "_" + metric + ".png";
    }

    private static String csv(List<SuiteRow> rows) {
        StringBuilder c = new StringBuilder("test,scenario,server,client,concurrency,round,qps,p50_us,p99_us,"
                + "p999_us,max_us,calls,errors,timeouts,mismatches,server_cpu_percent,server_rss_bytes,"
                + "server_threads\n");
        for (SuiteRow r : rows) {
            Measurement m = r.measurement();
            c.append(String.format(Locale.ROOT, "%s,%d,%s,%s,%d,%d,%.1f,%.1f,%.1f,%.1f,%.1f,%d,%d,%d,%d,%.1f,%d,%d%n",
                    r.test(), r.scenario(), r.server(), r.client(), r.concurrency(), r.round(), m.qps(),
                    m.p50Micros(), m.p99Micros(), m.p999Micros(), m.maxMicros(), m.calls(), m.errors(),
                    m.timeouts(), m.mismatches(), r.serverCpuPercent(), r.serverRssBytes(),
                    r.serverThreads()));
        }
        return c.toString();
    }
}
