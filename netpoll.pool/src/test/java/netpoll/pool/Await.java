package netpoll.pool;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, for effects that happen on another thread. */
final class Await {

    /** How long a test waits for an asynchronous effect before it fails. */
    static final Duration DEADLINE = Duration.ofSeconds(5);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private Await() {
    }

    /**
     * Returns once {@code condition} holds; fails the test after {@link #DEADLINE}.
     *
     * @param condition what to wait for
     * @param what describes the state seen, for the failure message
     */
    static void until(BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not reached within " + DEADLINE + ": " + what.get());
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
