package netpoll.benchmarks.client;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * An echo client as netpoll-benchmark's callers see it: one synchronous call sends a request
 * and waits for its echo. How connections are used (a pool, idle ones beside, a multiplexed few)
 * is the implementation's business, set by its {@link Scenario}.
 *
 * <p>Thread contract: {@link #call} is safe from any number of caller threads at once;
 * {@link #close()} is called once, after the callers have stopped.
 */
public interface EchoClient extends AutoCloseable {

    /**
     * Sends {@code payload} as one frame and waits for the response frame.
     *
     * @param payload the request payload; not changed by the client, and not to be changed by
     *     the caller before the call returns
     * @param timeoutNanos how long to wait for the whole response
     * @return the response payload, a new array
     * @throws TimeoutException when the response does not arrive in time (the connection it was
     *     sent on is dropped or the late response discarded)
     * @throws IOException when a connection fails
     * @throws InterruptedException when the caller is interrupted
     */
    byte[] call(byte[] payload, long timeoutNanos)
            throws IOException, TimeoutException, InterruptedException;

    /**
     * Opens connections that stay idle beside the busy ones (scenario 2).
     *
     * @param count how many
     * @throws IOException when one cannot be opened
     */
    void openIdleConnections(int count) throws IOException;

    /**
     * Closes every connection and stops every thread the client started.
     */
    @Override
    void close();
}
