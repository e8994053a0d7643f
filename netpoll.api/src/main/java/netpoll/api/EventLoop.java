package netpoll.api;

import java.io.IOException;
import java.time.Duration;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A server: accepts connections from a {@link Listener} and runs the callbacks of its
 * {@link EventLoopOptions} and its {@link OnRequest} on them. Made by
 * {@link Netpoll#newEventLoop(OnRequest, EventLoopOptions)}.
 *
 * <p>Threads: {@link #serve} blocks its caller; {@link #shutdown} is called from another thread
 * and may be called any number of times.
 */
@ProviderType
public interface EventLoop {

    /**
     * Serves the listener until {@link #shutdown} is called, then returns. One event loop serves
     * one listener at a time.
     *
     * @param listener the bound server socket; the event loop closes it on shutdown
     * @throws IOException when accepting fails for good (a temporary lack of descriptors is
     *     waited out, not thrown)
     * @throws IllegalStateException when this event loop is already serving, or was shut down
     *     (then the listener is closed, as a shutdown closes it)
     */
    void serve(Listener listener) throws IOException;

    /**
     * Stops accepting, closes idle connections, and waits up to {@code timeout} for running
     * handlers to finish before it closes the remaining connections. A second call is harmless.
     * If the calling thread is interrupted, it stops waiting, keeps its interrupt status, and
     * closes the remaining connections.
     *
     * @param timeout how long to wait for running handlers
     * @return true if every handler finished within the timeout
     */
    boolean shutdown(Duration timeout);
}
