package netpoll.benchmarks.harness;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    private static final long NANOS_PER_MILLI = 1_000_000;

    private enum Phase { WARMUP, MEASURE, STOP }

    private final EchoClient client;
    private final int concurrency;
    private final int size;
    private final long timeoutNanos;
    private final CallStats stats = new CallStats();
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
        if (stats.firstError() != null) {
            log.println("first error: " + stats.firstError());
        }
        return stats.measurement(end - start);
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
            CallStats.Kind outcome;
            String problem = null;
            try {
                byte[] response = client.call(payload, timeoutNanos);
                problem = Payloads.check(response, size, id);
                outcome = problem == null ? CallStats.Kind.OK : CallStats.Kind.MISMATCH;
            } catch (TimeoutException e) {
                outcome = CallStats.Kind.TIMEOUT;
                problem = e.toString();
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                outcome = CallStats.Kind.FAILURE;
                problem = e.toString();
            }
            long latency = System.nanoTime() - begin;
            if (outcome == CallStats.Kind.OK && latency > timeoutNanos) {
                outcome = CallStats.Kind.TIMEOUT;
                problem = "response came after " + latency / NANOS_PER_MILLI + " ms, past the timeout";
            }
            if (phase == Phase.MEASURE) {
                stats.count(outcome, latency, problem);
            }
        }
    }

}
