package netpoll.benchmarks.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import netpoll.api.EventLoop;
import netpoll.api.Listener;

/**
 * Runs a netpoll {@link EventLoop#serve} on a thread of its own and stops it again.
 */
final class ServingThread {

    private ServingThread() {
    }

    /**
     * @param name the thread's name
     * @param loop the event loop
     * @param listener what it serves
     * @return the started thread, which returns once the loop is shut down
     */
    static Thread start(String name, EventLoop loop, Listener listener) {
        Thread t = new Thread(() -> {
            try {
                loop.serve(listener);
            } catch (IOException e) {
                throw new UncheckedIOException("netpoll event loop failed serving "
                        + listener.localAddress(), e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Shuts the loop down and waits for its thread.
     *
     * @param loop the event loop, or null when it never started
     * @param thread its serving thread, or null
     * @param wait how long to wait for handlers and the thread
     */
    static void stop(EventLoop loop, Thread thread, Duration wait) {
        if (loop != null) {
            loop.shutdown(wait);
        }
        if (thread != null) {
            try {
                thread.join(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
