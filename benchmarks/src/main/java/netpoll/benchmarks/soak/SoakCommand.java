package netpoll.benchmarks.soak;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import netpoll.benchmarks.harness.Args;

/**
 * {@code soak [--duration S] [--warmup S] [--out DIR]}: runs the echo server under mixed load
 * with faults ({@link SoakLoad}) for the given time, samples its RSS, heap after GC, direct
 * memory, threads, open descriptors and outstanding Mcache buffers once a second, writes them to
 * {@code DIR/soak.csv} and {@code DIR/soak.png}, and fails (throws {@link SoakFailedException})
 * when any of them rises after warm-up.
 */
public final class SoakCommand {

    /** Ten minutes, as the issue asks for. */
    public static final int DEFAULT_DURATION_SECONDS = 600;
    /** The longest warm-up the default allows; a fifth of the run when shorter. */
    static final int MAX_DEFAULT_WARMUP_SECONDS = 60;
    static final int MIN_DURATION_SECONDS = 10;
    static final int MAX_DURATION_SECONDS = 7 * 24 * 3600;
    static final String DEFAULT_OUT = "soak-results";
    private static final Set<String> OPTIONS = Set.of("duration", "warmup", "out");
    private static final long SECOND_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int PROGRESS_EVERY = 10;
    private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int WARMUP_SHARE = 5;

    private SoakCommand() {
    }

    /**
     * Runs the soak on its own, until {@code Main} dispatches {@code soak} here:
     * {@code java -cp netpoll-benchmarks.jar netpoll.benchmarks.soak.SoakCommand --duration 600}.
     *
     * @param args the options
     * @throws Exception as {@link #run} does
     */
    public static void main(String[] args) throws Exception {
        run(args, System.out);
    }

    /**
     * @param argv the options
     * @param out where progress and the verdict go
     * @throws SoakFailedException when a metric rose after warm-up
     * @throws IllegalArgumentException for a bad option
     * @throws Exception when the server or the load cannot run
     */
    public static void run(String[] argv, PrintStream out) throws Exception {
        Args args = Args.parse(argv, OPTIONS);
        int duration = args.integer("duration", DEFAULT_DURATION_SECONDS, MIN_DURATION_SECONDS, MAX_DURATION_SECONDS);
        int warmUp = args.integer("warmup", Math.min(MAX_DEFAULT_WARMUP_SECONDS, duration / WARMUP_SHARE), 0,
                duration - Trend.MIN_SAMPLES);
        Path dir = Path.of(args.string("out", DEFAULT_OUT));
        Files.createDirectories(dir);
        out.printf("soak: %d s (warm-up %d s), results in %s%n", duration, warmUp, dir.toAbsolutePath());
        List<Sample> samples = new ArrayList<>();
        long leftAtEnd = soak(duration, samples, out);
        List<Sample> measured = samples.stream().filter(s -> s.second() > warmUp).collect(Collectors.toList());
        List<Trend> trends = Trend.of(measured);
        Path csv = dir.resolve("soak.csv");
        Path png = dir.resolve("soak.png");
        writeCsv(csv, samples);
        long requests = samples.stream().mapToLong(Sample::requests).sum();
        long errors = samples.stream().mapToLong(Sample::errors).sum();
        long faults = samples.stream().mapToLong(Sample::faults).sum();
        SoakChart.write(png, String.format("netpoll soak, %d s, %s: %,d requests, %,d faults injected", duration,
                LocalDateTime.now().truncatedTo(ChronoUnit.MINUTES), requests, faults), samples, warmUp, trends);
        out.printf("soak: %,d requests (%,.0f a second), %,d failed (faults make some fail on purpose), %,d faults"
                + " injected; buffers still lent after the load stopped: %d%n", requests,
                requests / (double) duration, errors, faults, leftAtEnd);
        trends.forEach(t -> out.println("  " + t));
        out.printf("soak: wrote %s and %s%n", csv, png);
        List<String> rising = trends.stream().filter(Trend::upward).map(t -> t.metric().title)
                .collect(Collectors.toList());
        if (!rising.isEmpty() || leftAtEnd != 0) {
            throw new SoakFailedException("soak failed: " + (rising.isEmpty() ? "" : "rising after warm-up: " + rising
                    + "; ") + leftAtEnd + " buffers still lent after the load stopped; see " + png);
        }
        out.println("soak: every line flat after warm-up");
    }

    /**
     * Runs the server and the load, sampling once a second into {@code samples}.
     *
     * @return buffers still lent once the load has stopped and the server has settled
     */
    private static long soak(int seconds, List<Sample> samples, PrintStream out) throws Exception {
        try (SoakServer server = new SoakServer()) {
            SoakLoad load = new SoakLoad(server.address());
            try {
                load.start();
                Sampler sampler = new Sampler(List.of(server.mcache, load.clientCache));
                long start = System.nanoTime();
                long requests = 0;
                long errors = 0;
                long faults = 0;
                for (int s = 1; s <= seconds; s++) {
                    LockSupport.parkNanos(start + s * SECOND_NANOS - System.nanoTime());
                    long r = load.requests.sum();
                    long e = load.errors.sum();
                    long f = load.faults.sum();
                    Sample sample = new Sample(s, sampler.sample(), r - requests, e - errors, f - faults);
                    samples.add(sample);
                    requests = r;
                    errors = e;
                    faults = f;
                    if (s % PROGRESS_EVERY == 0) {
                        out.printf("  %4d s: %,d requests/s, RSS %s, heap after GC %s, direct %s, threads %d,"
                                + " descriptors %d, buffers out %d%n", s, sample.requests(),
                                Metric.Unit.MIB.format(sample.get(Metric.RSS)),
                                Metric.Unit.MIB.format(sample.get(Metric.HEAP_AFTER_GC)),
                                Metric.Unit.MIB.format(sample.get(Metric.DIRECT)), sample.get(Metric.THREADS),
                                sample.get(Metric.DESCRIPTORS), sample.get(Metric.MCACHE_OUTSTANDING));
                    }
                }
            } finally {
                load.close();
            }
            long deadline = System.nanoTime() + SETTLE_NANOS;
            while (server.mcache.outstandingBuffers() != 0 && System.nanoTime() < deadline) {
                Thread.sleep(PROGRESS_EVERY);
            }
            return server.mcache.outstandingBuffers();
        }
    }

    private static void writeCsv(Path csv, List<Sample> samples) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(Sample.csvHeader());
        samples.forEach(s -> lines.add(s.csvRow()));
        Files.write(csv, lines, StandardCharsets.UTF_8);
    }
}
