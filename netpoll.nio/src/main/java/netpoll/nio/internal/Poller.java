package netpoll.nio.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poller thread and its {@link Selector}: it owns the selection keys of its channels and
 * calls their {@link Ready} handlers when they are ready.
 *
 * <p>Thread contract: {@link #execute}, {@link #schedule} and {@link #close} are safe from any
 * thread; everything the tasks and handlers do runs on the poller thread, the only thread that
 * touches the selector and the keys. Other threads never call the selector directly: they queue
 * a task and wake the selector only if it may be sleeping, at most once per batch (the
 * {@link #awake} flag, as in Netty's {@code NioIoHandler} and Jetty's {@code ManagedSelector}).
 */
final class Poller implements Runnable {

    /** What a registered channel does when it is ready; runs on the poller thread. */
    interface Ready {
        /**
         * @param readyOps the key's ready set
         */
        void onReady(int readyOps);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);
    private static final long MAX_SELECT_MILLIS = 1_000;
    /**
     * Polls without sleeping, each after a yield, that follow a select whose events handed work
     * to the executor, before the poller sleeps in select again. While requests keep coming the
     * poller then never sleeps: the kernel need not wake it (and preempt a worker on its core)
     * for each request, and a poll collects what arrived while the workers ran (Netty's loop
     * selects without sleeping while it has tasks). Only after hand-offs: a poller whose events
     * wake blocked readers (a client of many caller threads) would wait behind all of them in
     * each yield. Not while yields are slow: a thread from outside shares the core, and each
     * yield would give it a time slice ({@link Yielder}).
     */
    private static final int BUSY_POLLS = 4;
    static final int CLOSE_LOG_BURST = 20;
    private static final long CLOSE_LOG_INTERVAL_SECONDS = 10;

    static {
        // The first delayed task is often the accept back-off after EMFILE, when no descriptor is
        // left to open Delayed's class file (from a directory on the class path, say): load it
        // now, or that NoClassDefFoundError stops the poller and closes all of its connections.
        try {
            MethodHandles.lookup().ensureInitialized(Delayed.class);
        } catch (IllegalAccessException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Selector selector;
    private final Thread thread;
    /** Offered by any thread, polled by the poller thread only. */
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Poller thread only: tasks to run at a time, ordered by it. */
    private final PriorityQueue<Delayed> delayed = new PriorityQueue<>();
    /**
     * True while the poller is not (about to be) blocked in select, so producers need not wake
     * it. The poller sets it false before it looks at the queue one last time and selects, and
     * true after select returns; a producer that flips it from false to true calls wakeup().
     * <pre>
     * bad interleaving avoided:  poller checks queue empty → producer offers, sees awake=true,
     *                            skips wakeup → poller sets awake=false and sleeps (task stuck)
     * what happens instead:      poller sets awake=false, THEN checks the queue: the producer
     *                            either offered before (seen by the check) or after (sees false,
     *                            wakes the selector)
     * </pre>
     */
    private final AtomicBoolean awake = new AtomicBoolean(true);
    /** Poller thread only: set by {@link #handedOff()} during a select's dispatch. */
    private boolean handedOff;
    /** Poller thread only: the yields between busy polls, paused while a stranger shares the core. */
    private final Yielder yielder = new Yielder();
    /** The selector's per-key callback, made once. */
    private final Consumer<SelectionKey> dispatch = this::dispatch;
    /** Written by close() from any thread, read by the poller loop. */
    private volatile boolean running = true;
    /**
     * Why this poller's connections closed, where that is worth a line: at most
     * {@value #CLOSE_LOG_BURST} lines per {@value #CLOSE_LOG_INTERVAL_SECONDS} s, so that a flood
     * of peers sending garbage cannot flood the log. Under NioConnection's logger.
     */
    private final RateLimitedLog closeLog = new RateLimitedLog(LoggerFactory.getLogger(NioConnection.class),
            TimeUnit.SECONDS.toNanos(CLOSE_LOG_INTERVAL_SECONDS), CLOSE_LOG_BURST);

    Poller(String name, boolean daemon) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for poller " + name, e);
        }
        this.thread = new Thread(this, name);
        thread.setDaemon(daemon);
        thread.start();
    }

    /** @return true on the poller's own thread */
    boolean inPollerThread() {
        return Thread.currentThread() == thread;
    }

    String name() {
        return thread.getName();
    }

    /** Any thread: the log of its connections' closes (see {@link #closeLog}). */
    RateLimitedLog closeLog() {
        return closeLog;
    }

    /**
     * Runs {@code task} on the poller thread: at once when called there, else queued.
     *
     * @param task what to run
     */
    void execute(Runnable task) {
        if (inPollerThread()) {
            task.run();
            return;
        }
        tasks.offer(task);
        if (!running) {
            drainAfterStop();
        } else if (awake.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /**
     * Queues {@code task} to run on the poller thread after at least {@code delayMillis}.
     *
     * @param delayMillis the delay
     * @param task what to run
     */
    void schedule(long delayMillis, Runnable task) {
        long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis);
        execute(() -> delayed.add(new Delayed(due, task)));
    }

    /**
     * Registers a channel with this poller's selector, or re-targets its key when it is
     * registered already (a dialed channel moves from OP_CONNECT to its connection); runs on
     * the poller thread (or, after the poller stopped, fails on the closed selector).
     *
     * @param channel a non-blocking channel
     * @param ops the interest set
     * @param ready its handler
     * @return the key
     * @throws ClosedChannelException when the channel was closed meanwhile
     */
    SelectionKey register(SelectableChannel channel, int ops, Ready ready) throws ClosedChannelException {
        SelectionKey existing = channel.keyFor(selector);
        if (existing != null && existing.isValid()) {
            existing.attach(ready);
            existing.interestOps(ops);
            return existing;
        }
        return channel.register(selector, ops, ready);
    }

    @Override
    public void run() {
        try {
            int busyPolls = 0;
            while (running) {
                runTasks();
                long timeout = runDelayed();
                if (busyPolls > 0 && yielder.allowed() && yielder.yield()) {
                    selector.selectNow(dispatch);
                } else {
                    busyPolls = 0;
                    awake.set(false);
                    if (!tasks.isEmpty()) {
                        selector.selectNow(dispatch);
                    } else {
                        selector.select(dispatch, timeout);
                    }
                    awake.set(true);
                }
                if (handedOff) {
                    handedOff = false;
                    busyPolls = BUSY_POLLS;
                } else if (busyPolls > 0) {
                    busyPolls--;
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            LOG.error("poller {} stopped by an unexpected failure; its connections are closed", name(), e);
        } finally {
            running = false;
            closeAll();
        }
    }

    /** From any thread: see {@link Yielder#crowded()}. */
    boolean crowded() {
        return yielder.crowded();
    }

    /** Poller thread, from a key's handler: it gave work to the executor (see {@link #BUSY_POLLS}). */
    void handedOff() {
        handedOff = true;
    }

    /** Selector callback, on the poller thread: runs the key's handler (no selected-key set, no garbage). */
    private void dispatch(SelectionKey key) {
        Ready ready = (Ready) key.attachment();
        try {
            ready.onReady(key.readyOps());
        } catch (CancelledKeyException e) {
            // the channel was closed while its key was selected: nothing left to do for it
        } catch (RuntimeException e) {
            LOG.error("poller {}: handler of {} failed", name(), key.channel(), e);
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            runSafely(task);
        }
    }

    /** Runs due delayed tasks and returns how long select may sleep (0 = no limit). */
    private long runDelayed() {
        long now = System.nanoTime();
        Delayed next;
        while ((next = delayed.peek()) != null && next.due - now <= 0) {
            delayed.poll();
            runSafely(next.task);
        }
        if (next == null) {
            return MAX_SELECT_MILLIS;
        }
        return Math.max(1, Math.min(MAX_SELECT_MILLIS, TimeUnit.NANOSECONDS.toMillis(next.due - now)));
    }

    private void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("poller {}: task failed", name(), e);
        }
    }

    /**
     * Closes a channel registered with this poller so that its descriptor is released before this
     * returns: NIO closes a registered channel's socket only when its selector deregisters the
     * cancelled key, at that selector's next select, which an idle poller may not reach for a
     * second. A listener's port would stay bound meanwhile, and a server restarted on it at once
     * would fail with "Address already in use". From any thread; waits at most
     * {@code timeoutMillis} for the poller.
     *
     * @param channel the channel to close
     * @param timeoutMillis how long to wait for the poller
     * @throws IOException when closing fails
     */
    void closeRegistered(SelectableChannel channel, long timeoutMillis) throws IOException {
        if (inPollerThread()) {
            // maybe inside this selector's own select: the poller deregisters it on its next turn
            channel.close();
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(() -> {
            try {
                channel.close();
                if (selector.isOpen()) {
                    selector.selectNow(dispatch);
                }
                done.complete(null);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        try {
            done.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException("closing " + channel + " failed", e.getCause());
        } catch (TimeoutException e) {
            channel.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.close();
        }
    }

    /**
     * Stops the poller thread; its channels are closed on the way out. Waits up to the given
     * time for the thread to end.
     *
     * @param timeoutMillis how long to wait
     * @return true if the thread ended in time
     */
    boolean close(long timeoutMillis) {
        running = false;
        selector.wakeup();
        if (inPollerThread()) {
            return false;
        }
        try {
            thread.join(timeoutMillis);
            return !thread.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Poller thread, on the way out: closes every channel and runs what was queued. */
    private void closeAll() {
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Closing closing) {
                closing.closeByPoller();
            } else {
                try {
                    key.channel().close();
                } catch (IOException e) {
                    LOG.debug("poller {}: closing {} failed", name(), key.channel(), e);
                }
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("poller {}: closing the selector failed", name(), e);
        }
        drainAfterStop();
    }

    /**
     * Runs tasks queued after the poller stopped on the calling thread, so that nothing waiting
     * on them hangs (registration tasks see the closed selector and fail their connection).
     */
    private void drainAfterStop() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            runSafely(task);
        }
    }

    /** A channel that must be told when its poller stops. */
    interface Closing {
        /** Closes the channel and fails whoever waits on it. */
        void closeByPoller();
    }

    private record Delayed(long due, Runnable task) implements Comparable<Delayed> {
        @Override
        public int compareTo(Delayed other) {
            return Long.compare(due, other.due);
        }
    }
}
