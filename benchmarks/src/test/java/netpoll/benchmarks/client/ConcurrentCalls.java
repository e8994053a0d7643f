package netpoll.benchmarks.client;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import netpoll.benchmarks.echo.Payloads;

/** Calls a client from several threads at once, checking every response byte. */
final class ConcurrentCalls {

    static final int THREADS = 8;
    static final int CALLS_EACH = 50;

    private ConcurrentCalls() {
    }

    /**
     * Makes {@link #CALLS_EACH} calls on each of {@link #THREADS} threads, each with a payload
     * of its own, and fails unless the callers finish within {@code wait}.
     *
     * @return what went wrong: mismatched responses and failed calls, empty when all checked out
     */
    static List<String> problems(EchoClient client, int size, long timeoutNanos, Duration wait)
            throws InterruptedException {
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(THREADS);
        for (int t = 0; t < THREADS; t++) {
            long base = (long) t << 32;
            new Thread(() -> {
                try {
                    byte[] request = new byte[size];
                    for (int i = 0; i < CALLS_EACH; i++) {
                        Payloads.fill(request, base + i);
                        String problem = Payloads.check(client.call(request, timeoutNanos), size, base + i);
                        if (problem != null) {
                            problems.add(problem);
                        }
                    }
                } catch (Exception e) {
                    problems.add(e.toString());
                } finally {
                    done.countDown();
                }
            }).start();
        }
        assertTrue(done.await(wait.toMillis(), TimeUnit.MILLISECONDS), "callers did not finish");
        return problems;
    }
}
