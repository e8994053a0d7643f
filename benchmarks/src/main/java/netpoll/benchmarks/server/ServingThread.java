package netpoll.benchmarks.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import netpoll.api.EventLoop;
import netpoll.api.Listener;

/**
 * Runs a netpoll {@link EventLoop#serve} on a thread of its own and stops it again.
 *
 * <p>Thread contract: made and stopped by the server's controlling thread; {@link #stopping} is
 * written by it and read by the serving thread.
 */
final class ServingThread {

    private final EventLoop loop;
    private final Thread thread;
    /** Set by stop() before the shutdown; read by the serving thread when serve() refuses. */
    private volatile boolean stopping;

    private ServingThread(String name, EventLoop loop, Listener listener) {
        this.loop = loop;
        this.thread = new Thread(() -> serve(listener), name);
        thread.setDaemon(true);
    }

    /**
     * @param name the thread's name
     * @param loop the event loop
     * @param listener what it serves
     * @return the started thread, which returns once the loop is shut down
     */
    static ServingThread start(String name, EventLoop loop, Listener listener) {
        ServingThread t = new ServingThread(name, loop, listener);
        t.thread.start();
        return t;
    }

    private void serve(Listener listener) {
        try {
            loop.serve(listener);
        } catch (IOException e) {
            throw new UncheckedIOException("netpoll event loop failed serving " + listener.localAddress(), e);
        } catch (IllegalStateException e) {
            if (!stopping) {
                throw e;
            }
            // stopped before the thread began serving: the loop closed the listener, nothing to do
        }
    }

    /**
     * Shuts the loop down and waits for its thread.
     *
     * @param wait how long to wait for handlers and the thread
     */
    void stop(Duration wait) {
        stopping = true;
        loop.shutdown(wait);
        try {
            thread.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
