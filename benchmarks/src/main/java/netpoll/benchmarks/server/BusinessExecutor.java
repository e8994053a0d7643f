package netpoll.benchmarks.server;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The business thread pool that servers on an event loop or a read loop hand the handler to, as
 * RPC frameworks on Netty do (Dubbo's and Armeria's "blocking task executor"): a fixed number of
 * daemon threads and an unbounded queue.
 */
public final class BusinessExecutor {

    /** Business threads per available core when none is asked for. */
    public static final int THREADS_PER_CORE = 4;

    private BusinessExecutor() {
    }

    /**
     * @return the default size: {@link #THREADS_PER_CORE} per core the JVM may run on
     */
    public static int defaultThreads() {
        return THREADS_PER_CORE * Runtime.getRuntime().availableProcessors();
    }

    /**
     * @param threads how many threads
     * @param prefix the thread name prefix
     * @return a new pool; the caller shuts it down
     */
    public static ExecutorService create(int threads, String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, prefix + counter.getAndIncrement());
                    t.setDaemon(true);
                    return t;
                });
    }
}
