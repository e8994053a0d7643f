package netpoll.nio.internal;

import java.io.InterruptedIOException;
import java.util.concurrent.locks.LockSupport;

/** Parking a reader or writer until it is unparked or its deadline passes. */
final class Park {

    private Park() {
    }

    /**
     * Parks once: until unparked, or until {@code deadline} ({@link System#nanoTime()}; 0 for
     * none). The caller loops and re-checks its condition; spurious returns are fine. The caller
     * makes its own timeout exception when this returns false, so that a wait allocates nothing.
     *
     * @param blocker what the thread waits for (thread dumps show it; messages name it)
     * @return false, without parking, when the deadline has already passed
     * @throws InterruptedIOException when the thread is interrupted (its status is kept)
     */
    static boolean until(Object blocker, long deadline) throws InterruptedIOException {
        if (deadline == 0) {
            LockSupport.park(blocker);
        } else {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            LockSupport.parkNanos(blocker, left);
        }
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(blocker + ": interrupted while waiting");
        }
        return true;
    }

    /** @return the deadline {@code timeoutNanos} from now, or 0 for no timeout */
    static long deadline(long timeoutNanos) {
        return timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
    }
}
