package netpoll.benchmarks.gopool;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import netpoll.gopool.GoPool;

/**
 * The executors the hand-off benchmarks compare, by parameter name. Each baseline is what a Java
 * engineer would reach for, at its JDK defaults (nothing tuned down).
 */
final class Pools {

    /** GoPool at its defaults (platform threads). */
    static final String GOPOOL = "gopool";
    /** GoPool at its defaults with virtual-thread workers (JDK 21+). */
    static final String GOPOOL_VIRTUAL = "gopoolVirtual";
    /** {@code Executors.newFixedThreadPool(cores)}: a ThreadPoolExecutor over a LinkedBlockingQueue. */
    static final String FIXED = "fixedThreadPool";
    /** {@code Executors.newCachedThreadPool()}: a ThreadPoolExecutor over a SynchronousQueue. */
    static final String CACHED = "cachedThreadPool";
    /** {@code new ForkJoinPool()}: parallelism = cores, external submissions. */
    static final String FORK_JOIN = "forkJoinPool";
    /** {@code Executors.newVirtualThreadPerTaskExecutor()} (JDK 21+): one new virtual thread per task. */
    static final String VIRTUAL_PER_TASK = "virtualPerTask";

    private static final int VIRTUAL_THREADS_JDK = 21;
    private static final long STOP_SECONDS = 10;

    private Pools() {
    }

    static ExecutorService create(String name) {
        int cores = Runtime.getRuntime().availableProcessors();
        switch (name) {
            case GOPOOL:
                return GoPool.builder().name("bench-gopool").build();
            case GOPOOL_VIRTUAL:
                requireVirtualThreads(name);
                return GoPool.builder().name("bench-gopool-virtual").virtualThreads(true).build();
            case FIXED:
                return Executors.newFixedThreadPool(cores);
            case CACHED:
                return Executors.newCachedThreadPool();
            case FORK_JOIN:
                return new ForkJoinPool();
            case VIRTUAL_PER_TASK:
                return virtualPerTask();
            default:
                throw new IllegalArgumentException("unknown executor " + name);
        }
    }

    /** Prints the executor's own summary (threads, tasks) so a result can be explained, then stops it. */
    static void stop(ExecutorService pool) throws InterruptedException {
        System.out.println("executor at teardown: " + pool);
        if (pool instanceof GoPool) {
            ((GoPool) pool).close();
            return;
        }
        pool.shutdownNow();
        if (!pool.awaitTermination(STOP_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException(pool + " did not stop within " + STOP_SECONDS + " s");
        }
    }

    private static ExecutorService virtualPerTask() {
        requireVirtualThreads(VIRTUAL_PER_TASK);
        try {
            Method factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return (ExecutorService) factory.invoke(null);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Executors.newVirtualThreadPerTaskExecutor() not usable on JDK "
                    + Runtime.version(), e);
        }
    }

    private static void requireVirtualThreads(String name) {
        if (Runtime.version().feature() < VIRTUAL_THREADS_JDK) {
            throw new UnsupportedOperationException("SKIPPED executor=" + name + ": it needs virtual threads (JDK "
                    + VIRTUAL_THREADS_JDK + "+), this is JDK " + Runtime.version()
                    + "; run this jar with a JDK 21+ java to measure it");
        }
    }
}
