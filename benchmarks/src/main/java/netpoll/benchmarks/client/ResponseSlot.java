package netpoll.benchmarks.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Where an I/O thread hands one response to the caller waiting for it.
 *
 * <p>Thread contract: made and awaited by one caller thread; completed or failed once by any
 * other thread (the first of {@link #complete}/{@link #fail} wins, later ones are ignored).
 */
final class ResponseSlot {

    private static final VarHandle RESULT;

    static {
        try {
            RESULT = MethodHandles.lookup().findVarHandle(ResponseSlot.class, "result", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Thread waiter = Thread.currentThread();
    /** A byte[] or an IOException; set once by an I/O thread (CAS), read by the waiter. */
    @SuppressWarnings("unused")
    private volatile Object result;

    /**
     * Hands over the response and wakes the waiter.
     *
     * @param response the response payload
     */
    void complete(byte[] response) {
        if (RESULT.compareAndSet(this, null, response)) {
            LockSupport.unpark(waiter);
        }
    }

    /**
     * Fails the call and wakes the waiter.
     *
     * @param error why
     */
    void fail(IOException error) {
        if (RESULT.compareAndSet(this, null, error)) {
            LockSupport.unpark(waiter);
        }
    }

    /**
     * Waits for the response.
     *
     * @param timeoutNanos how long at most
     * @return the response payload
     * @throws TimeoutException when nothing arrived in time
     * @throws IOException when the call failed
     */
    byte[] await(long timeoutNanos) throws IOException, TimeoutException {
        long deadline = System.nanoTime() + timeoutNanos;
        Object r;
        while ((r = result) == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("no response within "
                        + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
            }
            LockSupport.parkNanos(this, left);
            if (Thread.interrupted()) {
                throw new InterruptedIOException("interrupted while waiting for a response");
            }
        }
        if (r instanceof IOException e) {
            throw new IOException("call failed: " + e.getMessage(), e);
        }
        return (byte[]) r;
    }
}
