package netpoll.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import netpoll.api.Connection;
import netpoll.api.EventLoop;
import netpoll.api.EventLoopOptions;
import netpoll.api.Listener;
import netpoll.api.Network;
import netpoll.api.OnRequest;
import netpoll.api.spi.Transport;
import netpoll.examples.EchoServer;
import netpoll.gopool.GoPool;
import netpoll.mcache.Mcache;
import netpoll.nio.Nio;
import netpoll.nio.NioConfig;

/**
 * The echo server the faults are tried on, in this JVM so that its memory, threads and
 * descriptors can be measured: its own buffer cache (leak detection on), its own worker pool
 * (idle workers leave after {@link #WORKER_KEEP_ALIVE}, so the thread count can go back), one
 * transport, and an event loop on a loopback port that can be stopped and started again on the
 * same port (a restart).
 *
 * <p>Thread contract: built, restarted and closed by the test thread; {@link #open} and the
 * counters are updated by the transport's threads.
 */
final class ServerUnderTest implements AutoCloseable {

    /** Prefix of every thread the server starts. */
    static final String NAME = "faults";
    static final Duration WORKER_KEEP_ALIVE = Duration.ofSeconds(1);
    static final Duration SHUTDOWN = Duration.ofSeconds(5);
    static final Duration SETTLE = Duration.ofSeconds(15);
    private static final long POLL_MILLIS = 20;
    private static final int HEALTH_ROUND_TRIPS = 20;
    private static final int HEALTH_MAX_PAYLOAD = 4096;

    final Mcache mcache = Mcache.builder().leakDetection(true).build();
    final GoPool workers;
    final Transport transport;
    private final OnRequest<Object> handler;
    private final EventLoopOptions<Object> options;
    /** Server-side connections open now: added by OnPrepare (poller), removed by their close callback. */
    final Set<Connection> open = ConcurrentHashMap.newKeySet();
    /** Connections accepted since the start; written by the accepting poller. */
    final AtomicLong accepted = new AtomicLong();
    /** Test thread only. */
    private EventLoop loop;
    private Listener listener;
    private CountDownLatch returned;
    private int port;

    private ServerUnderTest(Settings s) throws IOException {
        this.workers = GoPool.builder().name(NAME + "-worker").keepAlive(WORKER_KEEP_ALIVE)
                .capacity(s.workerCapacity).build();
        this.transport = Nio.newTransport(NioConfig.builder().name(NAME).pollers(s.pollers)
                .executor(workers).mcache(mcache).build());
        EventLoopOptions.Builder<Object> b = EventLoopOptions.builder();
        this.options = b.readTimeout(s.readTimeout).writeTimeout(s.writeTimeout).maxInputBytes(s.maxInputBytes)
                .onPrepare(c -> {
                    accepted.incrementAndGet();
                    open.add(c);
                    c.addCloseCallback(open::remove);
                    return null;
                }).build();
        this.handler = s.handler != null ? s.handler : EchoServer.handler(options.maxInputBytes());
        listen();
    }

    /** The settings a test may change; everything else is the example server's. */
    static final class Settings {
        /** The example server's handler for the input cap, unless a test sets another. */
        private OnRequest<Object> handler;
        private Duration readTimeout = Duration.ZERO;
        private Duration writeTimeout = Duration.ZERO;
        private int maxInputBytes;
        private int pollers = 1;
        private int workerCapacity;

        Settings handler(OnRequest<Object> h) {
            this.handler = h;
            return this;
        }

        Settings readTimeout(Duration d) {
            this.readTimeout = d;
            return this;
        }

        Settings writeTimeout(Duration d) {
            this.writeTimeout = d;
            return this;
        }

        Settings maxInputBytes(int max) {
            this.maxInputBytes = max;
            return this;
        }

        Settings pollers(int n) {
            this.pollers = n;
            return this;
        }

        Settings workerCapacity(int n) {
            this.workerCapacity = n;
            return this;
        }

        ServerUnderTest start() throws IOException {
            return new ServerUnderTest(this);
        }
    }

    static Settings with() {
        return new Settings();
    }

    static ServerUnderTest start() throws IOException {
        return with().start();
    }

    /** Starts serving: on an ephemeral port the first time, on the same port after a stop. */
    void listen() throws IOException {
        listener = transport.createListener(Network.TCP, new InetSocketAddress("127.0.0.1", port));
        port = ((InetSocketAddress) listener.localAddress()).getPort();
        loop = transport.newEventLoop(handler, options);
        returned = new CountDownLatch(1);
        EventLoop serving = loop;
        Listener l = listener;
        CountDownLatch done = returned;
        Thread t = new Thread(() -> {
            try {
                serving.serve(l);
            } catch (IOException e) {
                throw new IllegalStateException("serving " + l + " failed", e);
            } finally {
                done.countDown();
            }
        }, NAME + "-serve");
        t.setDaemon(true);
        t.start();
    }

    /** Stops serving (a restart's first half): the listener and every connection close. */
    void stopServing() throws InterruptedException {
        loop.shutdown(SHUTDOWN);
        assertTrue(returned.await(SHUTDOWN.toMillis() * 2, TimeUnit.MILLISECONDS), "serve() did not return");
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** A new plain client connection, TCP_NODELAY on. */
    SocketChannel connect() throws IOException {
        SocketChannel ch = SocketChannel.open(address());
        ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
        return ch;
    }

    /** The server still echoes correctly: a fresh connection gets right answers. */
    void assertAnswers() throws IOException {
        Random random = new Random(accepted.get());
        try (SocketChannel ch = connect()) {
            for (int i = 0; i < HEALTH_ROUND_TRIPS; i++) {
                byte[] p = Frames.payload(random, random.nextInt(HEALTH_MAX_PAYLOAD));
                Frames.writeFully(ch, Frames.frame(p));
                assertArrayEquals(p, Frames.readFrame(ch), "the server answered wrong after the fault");
            }
        }
    }

    /** Waits, bounded, until the server holds no connection. */
    void awaitNoConnections() throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
        }
        assertEquals(Set.of(), open.stream().map(Object::toString).collect(Collectors.toSet()),
                "server connections still open " + SETTLE.toSeconds() + " s after their clients left");
    }

    @Override
    public void close() throws Exception {
        loop.shutdown(SHUTDOWN);
        returned.await(SHUTDOWN.toMillis() * 2, TimeUnit.MILLISECONDS);
        transport.close();
        workers.close();
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (mcache.outstandingBuffers() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
        }
        assertEquals(0, mcache.outstandingBuffers(), () -> "buffers leaked:\n" + mcache.leakReport());
        mcache.close();
        Set<String> left = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(Thread::getName).filter(n -> n.startsWith(NAME + "-") && !n.equals(NAME + "-serve"))
                .collect(Collectors.toSet());
        assertEquals(Set.of(), left, "threads of the server left after close");
    }
}
