package netpoll.nio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import netpoll.api.Connection;
import netpoll.api.EventLoop;
import netpoll.api.EventLoopOptions;
import netpoll.api.Listener;
import netpoll.api.Network;
import netpoll.api.OnRequest;
import netpoll.mcache.Mcache;
import netpoll.nio.NioConfig;

/**
 * One transport per test with its own buffer cache (leak detection on), servers on loopback,
 * and a check at the end that every buffer went back and no thread of it is left.
 */
final class TransportFixture implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);

    final Mcache mcache = Mcache.builder().leakDetection(true).build();
    final NioTransport transport;
    private final String name;
    private final List<Server> servers = new ArrayList<>();
    private final List<Connection> clients = new ArrayList<>();

    TransportFixture(String name) {
        this(name, 0);
    }

    TransportFixture(String name, int pollers) {
        this.name = "t-" + name;
        this.transport = new NioTransport(NioConfig.builder().name(this.name).mcache(mcache).pollers(pollers).build());
    }

    /** A running server on an ephemeral loopback port (or a Unix socket path). */
    final class Server {
        final EventLoop loop;
        final Listener listener;
        final Thread thread;
        final CountDownLatch returned = new CountDownLatch(1);

        Server(EventLoop loop, Listener listener) {
            this.loop = loop;
            this.listener = listener;
            this.thread = new Thread(() -> {
                try {
                    loop.serve(listener);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                } finally {
                    returned.countDown();
                }
            }, name + "-serve");
            thread.start();
        }

        SocketAddress address() {
            return listener.localAddress();
        }
    }

    <C> Server serve(OnRequest<C> onRequest, EventLoopOptions<C> options) throws IOException {
        return serve(Network.TCP, "127.0.0.1:0", onRequest, options);
    }

    <C> Server serve(Network network, String address, OnRequest<C> onRequest, EventLoopOptions<C> options)
            throws IOException {
        Listener listener = transport.createListener(network, network.resolve(address));
        Server s = new Server(transport.newEventLoop(onRequest, options), listener);
        servers.add(s);
        return s;
    }

    Connection dial(SocketAddress address) throws IOException {
        Connection c = transport.dialer().dialConnection(address, WAIT);
        clients.add(c);
        return c;
    }

    @Override
    public void close() throws IOException {
        for (Connection c : clients) {
            c.close();
        }
        for (Server s : servers) {
            s.loop.shutdown(WAIT);
            try {
                if (!s.returned.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    fail("serve() did not return after shutdown");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for serve() to return", e);
            }
        }
        transport.close();
        try {
            awaitNoBuffersOutstanding(mcache);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for buffers to come back", e);
        }
        mcache.close();
        Set<String> left = Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(name + "-poller") || n.startsWith(name + "-worker"))
                .collect(Collectors.toSet());
        assertEquals(Set.of(), left, "threads of the transport left after close");
    }

    /** Buffers go back as connections finish closing on other threads: wait for that, bounded. */
    static void awaitNoBuffersOutstanding(Mcache mcache) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (mcache.outstandingBuffers() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, mcache.outstandingBuffers(), () -> "buffers leaked:\n" + mcache.leakReport());
    }
}
