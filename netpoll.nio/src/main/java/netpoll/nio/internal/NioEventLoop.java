package netpoll.nio.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import netpoll.api.EventLoop;
import netpoll.api.EventLoopOptions;
import netpoll.api.Listener;
import netpoll.api.OnRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server: accepts on one poller, spreads connections over all of them, and runs the
 * callbacks of its options.
 *
 * <p>Threads: {@link #serve} blocks its caller; {@link #shutdown} runs on any thread, any number
 * of times; the {@link Acceptor} runs on the accepting poller; connections are added there and
 * removed on any thread once they are finished, after their close callbacks.
 *
 * <pre>
 *   NEW ──serve──▶ SERVING ──shutdown──▶ SHUT_DOWN      (NEW ──shutdown──▶ SHUT_DOWN too)
 * </pre>
 */
final class NioEventLoop implements EventLoop {

    private static final Logger LOG = LoggerFactory.getLogger(NioEventLoop.class);

    private static final int NEW = 0;
    private static final int SERVING = 1;
    private static final int SHUT_DOWN = 2;

    /** Connections accepted per readiness event before other channels get their turn. */
    private static final int ACCEPT_BATCH = 64;
    private static final long FIRST_BACKOFF_MILLIS = 5;
    private static final long MAX_BACKOFF_MILLIS = 1_000;
    /** How long shutdown waits for the accepting poller to release the listener's port. */
    private static final long LISTENER_CLOSE_MILLIS = 5_000;
    /** How often the same accept or limit complaint may be logged. */
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final NioTransport transport;
    private final OnRequest<Object> onRequest;
    private final EventLoopOptions<Object> options;
    private final Executor executor;
    /** Added by the acceptor, removed by the connections once finished ({@link #removed}). */
    private final Set<NioConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger state = new AtomicInteger(NEW);
    /** Set by shutdown(); read by handlers as they return. */
    private volatile boolean shuttingDown;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final RateLimitedLog limited = new RateLimitedLog(LOG, LOG_INTERVAL_NANOS);
    private final ReentrantLock drainLock = new ReentrantLock();
    private final Condition drained = drainLock.newCondition();
    /** Written once by serve() before the acceptor is registered. */
    private volatile NioListener listener;
    private volatile Poller acceptPoller;

    @SuppressWarnings("unchecked")
    <C> NioEventLoop(NioTransport transport, OnRequest<C> onRequest, EventLoopOptions<C> options) {
        if (onRequest == null) {
            throw new NullPointerException("onRequest");
        }
        this.transport = transport;
        this.onRequest = (OnRequest<Object>) onRequest;
        this.options = (EventLoopOptions<Object>) options;
        this.executor = options.serial() ? Runnable::run
                : options.executor() != null ? options.executor() : transport.executor();
    }

    @Override
    public void serve(Listener l) throws IOException {
        if (!(l instanceof NioListener nio)) {
            throw new IllegalArgumentException("this event loop serves listeners of the nio transport,"
                    + " made by Netpoll.createListener or Transport.createListener; got " + l);
        }
        if (!state.compareAndSet(NEW, SERVING)) {
            if (state.get() == SERVING) {
                throw new IllegalStateException("event loop is already serving; make a new one to serve " + l);
            }
            // shut down before serve: a server that serves on a thread of its own and is stopped at
            // once gets here. The listener was handed over to be closed on shutdown, so close it
            // now, or its port (or socket file) stays bound with nobody left to close it.
            nio.close();
            throw new IllegalStateException("event loop was shut down before it served " + l
                    + "; the listener is closed");
        }
        if (nio.isClosed()) {
            throw new ClosedChannelException();
        }
        listener = nio;
        Poller poller = transport.nextPoller();
        acceptPoller = poller;
        Acceptor acceptor = new Acceptor(poller, nio);
        poller.execute(acceptor::register);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            shutdown(Duration.ZERO);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("serving " + l + " was interrupted; the event loop is shut down");
        }
    }

    boolean isShuttingDown() {
        return shuttingDown;
    }

    int connectionCount() {
        return connections.size();
    }

    @Override
    public boolean shutdown(Duration timeout) {
        long deadline = System.nanoTime() + (timeout == null ? 0 : Math.max(0, timeout.toNanos()));
        if (state.getAndSet(SHUT_DOWN) == SHUT_DOWN) {
            awaitDrained(deadline);
            return connections.isEmpty();
        }
        shuttingDown = true;
        transport.forget(this);
        NioListener l = listener;
        if (l != null) {
            try {
                l.close(acceptPoller, LISTENER_CLOSE_MILLIS);
            } catch (IOException e) {
                LOG.warn("closing {} failed", l, e);
            }
        }
        for (NioConnection c : connections) {
            if (c.dispatch.isIdle()) {
                c.close();
            }
        }
        boolean clean = awaitDrained(deadline);
        if (!clean) {
            LOG.warn("event loop on {}: {} handlers still running after {}; closing their connections",
                    l, connections.size(), timeout);
            for (NioConnection c : connections) {
                c.closeWith("the event loop shut down before its handler returned", null);
            }
        }
        stopped.countDown();
        return clean;
    }

    private boolean awaitDrained(long deadline) {
        drainLock.lock();
        try {
            while (!connections.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                drained.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return connections.isEmpty();
        } finally {
            drainLock.unlock();
        }
    }

    /** Any thread: a connection of this loop is finished (after its close callbacks ran). */
    void removed(NioConnection c) {
        connections.remove(c);
        if (shuttingDown) {
            drainLock.lock();
            try {
                drained.signalAll();
            } finally {
                drainLock.unlock();
            }
        }
    }

    /** Accepting poller: turns an accepted socket into a served connection. */
    private void adopt(SocketChannel channel) {
        if (shuttingDown) {
            // accepted in the moment before shutdown closed the listener: an everyday event
            LOG.debug("event loop on {} is shutting down; closing a connection accepted just before", listener);
            closeQuietly(channel);
            return;
        }
        if (connections.size() >= options.maxConnections()) {
            limited.warn("event loop on {}: {} connections reached the limit of {}; refusing new ones",
                    listener, connections.size(), options.maxConnections());
            closeQuietly(channel);
            return;
        }
        NioConnection c;
        Poller poller = transport.nextPoller();
        try {
            channel.configureBlocking(false);
            if (channel.getLocalAddress() instanceof InetSocketAddress) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            c = new NioConnection(poller, channel, transport.mcache(), executor, options.maxInputBytes());
        } catch (IOException e) {
            LOG.debug("accepted socket failed before it was served", e);
            closeQuietly(channel);
            return;
        }
        c.setReadTimeout(options.readTimeout());
        c.setWriteTimeout(options.writeTimeout());
        if (!options.idleTimeout().isZero()) {
            c.setIdleTimeout(options.idleTimeout());
        }
        connections.add(c);
        c.dispatch.ownedBy(this);
        Object context = null;
        if (options.onPrepare() != null) {
            try {
                context = options.onPrepare().onPrepare(c);
            } catch (Exception | Error e) {
                c.closeWith("its OnPrepare threw " + e, e);
                return;
            }
        }
        c.dispatch.serve(onRequest, context, options.onConnect(), options.onDisconnect());
        poller.execute(() -> {
            c.register();
            c.dispatch.start();
        });
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing a refused socket failed", e);
        }
    }

    /**
     * Accepts on its poller; when accept fails (out of descriptors, say) it stops accepting for
     * a growing while and keeps serving the open connections, then tries again.
     */
    private final class Acceptor implements Poller.Ready {
        private final Poller poller;
        private final NioListener listener;
        private final RateLimitedLog failures = new RateLimitedLog(LOG, LOG_INTERVAL_NANOS);
        /** Poller thread only. */
        private SelectionKey key;
        private long backoffMillis;

        Acceptor(Poller poller, NioListener listener) {
            this.poller = poller;
            this.listener = listener;
        }

        void register() {
            try {
                key = poller.register(listener.channel, SelectionKey.OP_ACCEPT, this);
            } catch (ClosedChannelException | RuntimeException e) {
                LOG.error("cannot accept on {}: {}", listener, e.toString());
                shutdown(Duration.ZERO);
            }
        }

        @Override
        public void onReady(int readyOps) {
            for (int i = 0; i < ACCEPT_BATCH; i++) {
                SocketChannel channel;
                try {
                    channel = listener.channel.accept();
                } catch (ClosedChannelException e) {
                    return;
                } catch (IOException e) {
                    backOff(e);
                    return;
                }
                if (channel == null) {
                    return;
                }
                backoffMillis = 0;
                adopt(channel);
            }
        }

        private void backOff(IOException e) {
            backoffMillis = Math.min(MAX_BACKOFF_MILLIS, Math.max(FIRST_BACKOFF_MILLIS, backoffMillis * 2));
            failures.warn("accept on {} failed ({}); pausing accept for {} ms, open connections are still served",
                    listener, e.getMessage(), backoffMillis);
            key.interestOps(0);
            poller.schedule(backoffMillis, () -> {
                if (key.isValid()) {
                    key.interestOps(SelectionKey.OP_ACCEPT);
                }
            });
        }
    }
}
