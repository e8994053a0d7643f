package netpoll.nio.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.locks.LockSupport;

/** Parking a reader or writer until it is unparked or its deadline passes. */
final class Park {

    /** Makes the exception a wait throws when its deadline has passed. */
    @FunctionalInterface
    interface OnTimeout {
        IOException timeout();
    }

    private Park() {
    }

    /**
     * Parks once: until unparked, or until {@code deadline} ({@link System#nanoTime()}; 0 for
     * none). The caller loops and re-checks its condition; spurious returns are fine.
     *
     * @throws IOException what {@code onTimeout} makes, when the deadline has already passed
     * @throws InterruptedIOException when the thread is interrupted (its status is kept)
     */
    static void until(Object blocker, long deadline, OnTimeout onTimeout) throws IOException {
        if (deadline == 0) {
            LockSupport.park(blocker);
        } else {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw onTimeout.timeout();
            }
            LockSupport.parkNanos(blocker, left);
        }
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(blocker + ": interrupted while waiting");
        }
    }

    /** @return the deadline {@code timeoutNanos} from now, or 0 for no timeout */
    static long deadline(long timeoutNanos) {
        return timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
    }
}
