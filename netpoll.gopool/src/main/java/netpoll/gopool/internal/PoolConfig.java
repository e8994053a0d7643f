package netpoll.gopool.internal;

import java.util.concurrent.ThreadFactory;
import java.util.function.BiConsumer;

/**
 * The validated settings of one pool, defaults already applied. Immutable.
 *
 * @param name            the pool's name: thread-name prefix, log and exception messages
 * @param capacity        the most workers at once, at least 1
 * @param scaleThreshold  tasks that must wait, with no worker idle or searching, before another
 *                        worker starts; at least 1
 * @param keepAliveNanos  how long an idle worker waits for work before it leaves, above 0
 * @param closeTimeoutNanos how long close() waits for accepted tasks before it interrupts them
 * @param panicHandler    gets each task that threw, with what it threw
 * @param threadFactory   makes the worker threads
 * @param virtualThreads  whether the threadFactory makes virtual threads
 */
public record PoolConfig(String name, int capacity, int scaleThreshold, long keepAliveNanos,
                         long closeTimeoutNanos, BiConsumer<Runnable, Throwable> panicHandler,
                         ThreadFactory threadFactory, boolean virtualThreads) {
}
