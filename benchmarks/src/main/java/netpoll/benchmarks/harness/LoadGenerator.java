package netpoll.benchmarks.harness;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import netpoll.benchmarks.client.EchoClient;
import netpoll.benchmarks.echo.Payloads;

/**
 * netpoll-benchmark's runner: {@code concurrency} callers call the client in a loop, each
 * request with its own id and checkable payload, each call bounded by a timeout (a timed-out call
 * is an error, as industrial RPC needs; so is a response that arrives after the timeout, for
 * instance because connecting took long). After a warm-up, calls that complete inside the
 * measured window are counted: successful ones into the latency histogram, failed ones as
 * errors, and every response byte is checked.
 *
 * <p>Thread contract: {@link #run} is called by one thread, which starts, times and joins the
 * callers; the callers share the histogram and counters (atomic).
 */
public final class LoadGenerator {

    /** Callers are given this long after the window closes to finish their last call. */
    private static final Duration JOIN_GRACE = Duration.ofSeconds(5);
    private static final int CALLER_ID_SHIFT = 32;
    private static final double NANOS_PER_MICRO = 1e3;
    private static final long NANOS_PER_MILLI = 1_000_000;
    private static final double NANOS_PER_SECOND = 1e9;

    private enum Phase { WARMUP, MEASURE, STOP }

    private final EchoClient client;
    private final int concurrency;
    private final int size;
    private final long timeoutNanos;
    private final LatencyHistogram histogram = new LatencyHistogram();
    private final LongAdder calls = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder mismatches = new LongAdder();
    /** The first error seen, for the report; set once by any caller (CAS). */
    private final AtomicReference<String> firstError = new AtomicReference<>();
    /** Written by the running thread only, read by the callers (volatile). */
    private volatile Phase phase = Phase.WARMUP;

    /**
     * @param client the client to drive
     * @param concurrency how many callers
     * @param size the payload size, bytes
     * @param timeout the per-call timeout
     */
    public LoadGenerator(EchoClient client, int concurrency, int size, Duration timeout) {
        this.client = client;
        this.concurrency = concurrency;
        this.size = Payloads.checkSize(size);
        this.timeoutNanos = timeout.toNanos();
    }

    /**
     * Warms up, measures, stops the callers.
     *
     * @param warmup how long to call before measuring
     * @param duration how long to measure
     * @param callerThreads makes the caller threads
     * @param log where progress and the first error go
     * @return the measurement of the window
     * @throws InterruptedException when the running thread is interrupted (callers are stopped)
     * @throws IllegalStateException when a caller does not stop within the timeout plus a grace
     */
    public Measurement run(Duration warmup, Duration duration, ThreadFactory callerThreads,
            PrintStream log) throws InterruptedException {
        List<Thread> callers = new ArrayList<>(concurrency);
        for (int i = 0; i < concurrency; i++) {
            int caller = i;
            Thread t = callerThreads.newThread(() -> callLoop(caller));
            callers.add(t);
            t.start();
        }
        long start;
        long end;
        try {
            TimeUnit.NANOSECONDS.sleep(warmup.toNanos());
            start = System.nanoTime();
            phase = Phase.MEASURE;
            TimeUnit.NANOSECONDS.sleep(duration.toNanos());
            end = System.nanoTime();
        } finally {
            phase = Phase.STOP;
            joinAll(callers);
        }
        if (firstError.get() != null) {
            log.println("first error: " + firstError.get());
        }
        double seconds = (end - start) / NANOS_PER_SECOND;
        long errors = timeouts.sum() + failures.sum() + mismatches.sum();
        return new Measurement(calls.sum() / seconds,
                histogram.percentile(50) / NANOS_PER_MICRO,
                histogram.percentile(99) / NANOS_PER_MICRO,
                histogram.percentile(99.9) / NANOS_PER_MICRO,
                histogram.max() / NANOS_PER_MICRO,
                calls.sum(), errors, timeouts.sum(), mismatches.sum());
    }

    private void joinAll(List<Thread> callers) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos + JOIN_GRACE.toNanos();
        for (Thread t : callers) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(t, left);
            }
            if (t.isAlive()) {
                throw new IllegalStateException("caller " + t.getName()
                        + " did not stop within the call timeout plus " + JOIN_GRACE);
            }
        }
    }

    private void callLoop(int caller) {
        byte[] payload = new byte[size];
        long id = (long) caller << CALLER_ID_SHIFT;
        while (phase != Phase.STOP) {
            id++;
            Payloads.fill(payload, id);
            long begin = System.nanoTime();
            Outcome outcome;
            String problem = null;
            try {
                byte[] response = client.call(payload, timeoutNanos);
                problem = Payloads.check(response, size, id);
                outcome = problem == null ? Outcome.OK : Outcome.MISMATCH;
            } catch (TimeoutException e) {
                outcome = Outcome.TIMEOUT;
                problem = e.toString();
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                outcome = Outcome.FAILURE;
                problem = e.toString();
            }
            long latency = System.nanoTime() - begin;
            if (outcome == Outcome.OK && latency > timeoutNanos) {
                outcome = Outcome.TIMEOUT;
                problem = "response came after " + latency / NANOS_PER_MILLI + " ms, past the timeout";
            }
            if (phase == Phase.MEASURE) {
                count(outcome, latency, problem);
            }
        }
    }

    private void count(Outcome outcome, long latency, String problem) {
        switch (outcome) {
            case OK -> {
                histogram.record(latency);
                calls.increment();
            }
            case TIMEOUT -> timeouts.increment();
            case MISMATCH -> mismatches.increment();
            case FAILURE -> failures.increment();
        }
        if (problem != null) {
            firstError.compareAndSet(null, problem);
        }
    }

    private enum Outcome { OK, TIMEOUT, MISMATCH, FAILURE }
}
