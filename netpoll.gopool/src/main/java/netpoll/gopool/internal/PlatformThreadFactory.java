package netpoll.gopool.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes the pool's platform threads, named {@code <pool name>-<n>} with n counting from 1.
 *
 * <p>Thread contract: safe from any thread (the counter is atomic).
 */
public final class PlatformThreadFactory implements ThreadFactory {

    private final String prefix;
    private final boolean daemon;
    /** Last number handed out: incremented atomically by any thread that makes a worker. */
    private final AtomicLong counter = new AtomicLong();

    /**
     * @param poolName the pool's name, the threads' name prefix
     * @param daemon   whether the threads are daemon threads
     */
    public PlatformThreadFactory(String poolName, boolean daemon) {
        this.prefix = poolName + "-";
        this.daemon = daemon;
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, prefix + counter.incrementAndGet());
        t.setDaemon(daemon);
        return t;
    }
}
