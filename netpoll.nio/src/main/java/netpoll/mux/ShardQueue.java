package netpoll.mux;

import java.io.Closeable;
import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import netpoll.api.Connection;
import netpoll.api.ConnectionClosedException;
import netpoll.api.Writer;
import netpoll.nio.internal.Crowding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many producers sharing one connection, as Go netpoll's {@code mux.ShardQueue}: each producer
 * {@link #add}s a writer holding whole encoded messages, and one drainer at a time appends the
 * queued writers to the connection without copying and flushes once per batch.
 *
 * <p>Threads: {@link #add} and {@link #close} from any thread. Producers are spread over shards
 * by thread to keep them off one queue tail. The producer whose {@code add} finds no drainer
 * becomes the drainer (so no thread is handed the work); others return at once. The drainer
 * yields once before it drains, so producers that are about to add join its batch (Go drains on
 * another goroutine for the same effect): one flush carries many frames. It does not yield while
 * the connection's poller finds its core crowded by a busy thread from outside: each yield would
 * give that thread a time slice while every producer waits for the flush (beside a busy loop the
 * mux echo server kept 22.7k QPS that way, Netty's 88k-101k).
 * <pre>
 *   pending: the number of writers added and not yet drained (the drainer's ticket)
 *   add:    offer; if pending++ was 0 → this thread yields (unless crowded), then drains
 *   drain:  take up to pending writers, append, flush; pending -= taken; repeat until 0
 * </pre>
 *
 * <p>Ownership: a writer given to {@code add} belongs to the queue; its bytes move into the
 * connection at the next drain. If the connection fails or closes, the messages still queued are
 * dropped (their buffers released) and later adds fail: the queue closes itself with its
 * connection.
 */
public final class ShardQueue implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(ShardQueue.class);

    private final Connection connection;
    private final Queue<Writer>[] shards;
    /** Added to by producers, taken from by the drainer; see the class comment. */
    private final AtomicInteger pending = new AtomicInteger();
    /** Written by close() or by a drainer whose flush failed; read by producers. */
    private volatile IOException failure;
    /** Drainer only: the shard it looks at first next time. */
    private int cursor;

    /**
     * @param connection the connection to write to
     * @param shards how many queues producers are spread over (Go's size), at least 1
     */
    @SuppressWarnings("unchecked")
    public ShardQueue(Connection connection, int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be at least 1, was " + shards);
        }
        this.connection = connection;
        this.shards = new Queue[shards];
        for (int i = 0; i < shards; i++) {
            this.shards[i] = new ConcurrentLinkedQueue<>();
        }
        connection.addCloseCallback(closed -> close());
    }

    /**
     * Queues a writer's staged bytes for the connection; from any thread. The bytes go out in
     * the order the adds happened on each thread.
     *
     * @param writer a writer (such as a {@code LinkBuffer}) holding whole messages, not flushed
     * @throws ConnectionClosedException when the queue is closed or an earlier flush failed
     */
    public void add(Writer writer) throws ConnectionClosedException {
        IOException failed = failure;
        if (failed != null) {
            throw new ConnectionClosedException("shard queue of " + connection.remoteAddress()
                    + " no longer writes: " + failed.getMessage(), failed);
        }
        shards[(int) (Thread.currentThread().getId() % shards.length)].offer(writer);
        if (pending.getAndIncrement() == 0) {
            if (!Crowding.crowded(connection)) {
                Thread.yield();
            }
            drain();
        }
    }

    /** The drainer: appends and flushes until nothing is pending. */
    private void drain() {
        int left = pending.get();
        while (left > 0) {
            int taken = 0;
            for (int i = 0; i < shards.length && taken < left; i++) {
                Queue<Writer> shard = shards[(cursor + i) % shards.length];
                Writer w;
                while (taken < left && (w = shard.poll()) != null) {
                    if (failure == null) {
                        connection.append(w);
                    } else if (w instanceof AutoCloseable dropped) {
                        closeDropped(dropped);
                    }
                    taken++;
                }
            }
            cursor = (cursor + 1) % shards.length;
            if (failure == null && taken > 0) {
                try {
                    connection.flush();
                } catch (IOException e) {
                    failure = e;
                    LOG.debug("shard queue of {}: flush failed; dropping what is queued", connection, e);
                }
            }
            left = pending.addAndGet(-taken);
        }
    }

    private static void closeDropped(AutoCloseable dropped) {
        try {
            dropped.close();
        } catch (Exception e) {
            LOG.debug("releasing a dropped writer failed", e);
        }
    }

    /**
     * Stops the queue: later adds fail, and writers still queued are dropped (closed, when they
     * are closeable, so their buffers go back to the cache). Does not close the connection.
     */
    @Override
    public void close() {
        if (failure == null) {
            failure = new ConnectionClosedException("the shard queue was closed");
        }
    }
}
