package netpoll.pool;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import netpoll.api.Connection;
import netpoll.api.EventLoop;
import netpoll.api.EventLoopOptions;
import netpoll.api.Listener;
import netpoll.api.Netpoll;

/**
 * A real echo server on {@link Netpoll#newEventLoop}: the echo protocol of DESIGN.md (a 4-byte
 * length, then the bytes), answered on a worker. It remembers its open connections so that a test
 * can close some of them, as a server that drops idle clients does.
 *
 * <p>Thread contract: {@link #start}, {@link #closeRandomHalf()} and {@link #close()} from the
 * test thread; the callbacks run on the event loop's threads; the connection set is concurrent.
 */
final class NioEchoServer implements AutoCloseable {

    private static final Duration SHUTDOWN = Duration.ofSeconds(5);

    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final EventLoop loop;
    private final Listener listener;
    private final Thread serving;

    private NioEchoServer(String address) throws IOException {
        EventLoopOptions<Object> options = EventLoopOptions.builder().onConnect((ctx, c) -> {
            open.add(c);
            c.addCloseCallback(open::remove);
            return ctx;
        }).build();
        this.loop = Netpoll.newEventLoop(NioEchoServer::echo, options);
        this.listener = Netpoll.createListener("tcp", address);
        this.serving = new Thread(this::serve, "pool-test-echo-server");
        this.serving.setDaemon(true);
    }

    /**
     * Starts a server on {@code address} ("127.0.0.1:0" for a free port).
     *
     * @param address where to listen
     * @return the running server
     * @throws IOException when the address cannot be bound
     */
    static NioEchoServer start(String address) throws IOException {
        NioEchoServer server = new NioEchoServer(address);
        server.serving.start();
        return server;
    }

    private static void echo(Object context, Connection c) throws IOException {
        do {
            int n = c.readInt();
            byte[] body = c.readBinary(n);
            c.release();
            c.writeInt(n);
            c.writeBinary(body);
            c.flush();
        } while (c.length() > 0);
    }

    private void serve() {
        try {
            loop.serve(listener);
        } catch (IOException e) {
            throw new IllegalStateException("echo server stopped: " + e, e);
        }
    }

    InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    int openConnections() {
        return open.size();
    }

    /**
     * Closes a random half of the server's connections.
     *
     * @return how many it closed
     * @throws IOException when a close fails
     */
    int closeRandomHalf() throws IOException {
        List<Connection> all = new ArrayList<>(open);
        Collections.shuffle(all, ThreadLocalRandom.current());
        List<Connection> half = all.subList(0, all.size() / 2);
        for (Connection c : half) {
            c.close();
        }
        return half.size();
    }

    @Override
    public void close() throws InterruptedException {
        loop.shutdown(SHUTDOWN);
        serving.join(SHUTDOWN.toMillis());
    }
}
