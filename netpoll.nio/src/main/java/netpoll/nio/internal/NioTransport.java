package netpoll.nio.internal;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import netpoll.api.Dialer;
import netpoll.api.EventLoop;
import netpoll.api.EventLoopOptions;
import netpoll.api.Listener;
import netpoll.api.Network;
import netpoll.api.OnRequest;
import netpoll.api.spi.Transport;
import netpoll.gopool.GoPool;
import netpoll.mcache.Mcache;
import netpoll.nio.LoadBalance;
import netpoll.nio.NioConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NIO transport: its pollers, its worker pool (unless given one), and everything it made.
 * Threads start on first use and are daemon threads; {@link #close()} stops every one.
 *
 * <p>Thread-safe. The pollers and the pool are created once under {@link #startLock}; the sets
 * of event loops, listeners and dialed connections are concurrent sets that their members leave
 * when they close.
 */
public final class NioTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(NioTransport.class);
    private static final long POLLER_STOP_MILLIS = 5_000;

    private final NioConfig config;
    private final Mcache mcache;
    private final ReentrantLock startLock = new ReentrantLock();
    /** Written once under startLock, read without it. */
    private volatile Poller[] pollers;
    private volatile GoPool ownPool;
    private volatile boolean closed;
    private final AtomicInteger nextPoller = new AtomicInteger();
    private final Dialer dialer = new NioDialer(this);
    private final Set<NioEventLoop> loops = ConcurrentHashMap.newKeySet();
    private final Set<NioListener> listeners = ConcurrentHashMap.newKeySet();
    private final Set<NioConnection> dialed = ConcurrentHashMap.newKeySet();

    /** The default transport, as {@link java.util.ServiceLoader} makes it. */
    public NioTransport() {
        this(NioConfig.defaults());
    }

    /**
     * @param config the configuration
     */
    public NioTransport(NioConfig config) {
        this.config = config;
        this.mcache = config.mcache() != null ? config.mcache() : Mcache.defaultCache();
    }

    @Override
    public String name() {
        return "nio";
    }

    @Override
    public Listener createListener(Network network, SocketAddress address) throws IOException {
        ensureOpen();
        NioListener listener = NioListener.bind(network, address, listeners::remove);
        listeners.add(listener);
        return listener;
    }

    @Override
    public <C> EventLoop newEventLoop(OnRequest<C> onRequest, EventLoopOptions<C> options) {
        ensureOpen();
        NioEventLoop loop = new NioEventLoop(this, onRequest, options == null ? EventLoopOptions.defaults() : options);
        loops.add(loop);
        return loop;
    }

    @Override
    public Dialer dialer() {
        return dialer;
    }

    void forget(NioEventLoop loop) {
        loops.remove(loop);
    }

    /** Wraps a connected channel into a connection served by {@code poller}. */
    NioConnection adoptDialed(Poller poller, SocketChannel channel) throws IOException {
        NioConnection c = new NioConnection(poller, channel, mcache, executor(), config.maxInputBytes());
        dialed.add(c);
        // removed when closed locally, not when the peer hangs up: close() must still free the
        // buffers of a connection whose peer left and that its user never closed
        c.onLocalClose(() -> dialed.remove(c));
        poller.execute(c::register);
        if (closed) {
            c.close();
        }
        return c;
    }

    Mcache mcache() {
        return mcache;
    }

    /** The executor for handlers and callbacks: the configured one, or the transport's pool. */
    Executor executor() {
        if (config.executor() != null) {
            return config.executor();
        }
        start();
        return ownPool;
    }

    Poller nextPoller() {
        Poller[] all = start();
        if (all.length == 1) {
            return all[0];
        }
        int i = config.loadBalance() == LoadBalance.RANDOM
                ? ThreadLocalRandom.current().nextInt(all.length)
                : Math.floorMod(nextPoller.getAndIncrement(), all.length);
        return all[i];
    }

    /** @return close log lines suppressed so far by this transport's pollers (see Poller.closeLog) */
    long suppressedCloseLogs() {
        Poller[] all = pollers;
        long n = 0;
        if (all != null) {
            for (Poller p : all) {
                n += p.closeLog().suppressedTotal();
            }
        }
        return n;
    }

    private Poller[] start() {
        Poller[] all = pollers;
        if (all != null) {
            return all;
        }
        startLock.lock();
        try {
            ensureOpen();
            if (pollers == null) {
                if (config.executor() == null) {
                    ownPool = GoPool.builder().name(config.name() + "-worker").daemon(true).build();
                }
                Poller[] made = new Poller[config.pollers()];
                for (int i = 0; i < made.length; i++) {
                    made[i] = new Poller(config.name() + "-poller-" + i, true);
                }
                pollers = made;
            }
            return pollers;
        } finally {
            startLock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the nio transport " + config.name() + " is closed");
        }
    }

    @Override
    public void close() {
        startLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            startLock.unlock();
        }
        for (NioEventLoop loop : loops) {
            loop.shutdown(Duration.ZERO);
        }
        for (NioListener l : listeners) {
            try {
                l.close();
            } catch (IOException e) {
                LOG.warn("closing {} failed", l, e);
            }
        }
        for (NioConnection c : dialed) {
            c.closeWith("its transport was closed", null);
        }
        Poller[] all = pollers;
        if (all != null) {
            for (Poller p : all) {
                if (!p.close(POLLER_STOP_MILLIS)) {
                    LOG.warn("poller {} did not stop within {} ms", p.name(), POLLER_STOP_MILLIS);
                }
            }
        }
        GoPool pool = ownPool;
        if (pool != null) {
            pool.close();
        }
    }

    @Override
    public String toString() {
        return "NioTransport[" + config + "]";
    }
}
