package netpoll.benchmarks.pool;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import netpoll.api.Connection;
import netpoll.api.EventLoop;
import netpoll.api.Listener;
import netpoll.api.Netpoll;

/**
 * The echo server both pools talk to: netpoll's event loop on a loopback port, speaking the
 * echo protocol of DESIGN.md (4-byte big-endian length, then the bytes); each request is decoded
 * into its own array and a new response is encoded from it, on a worker.
 *
 * <p>Thread contract: {@link #start()} and {@link #close()} from the benchmark's setup thread;
 * the handler runs on the event loop's workers.
 */
final class EchoServer implements AutoCloseable {

    private static final Duration SHUTDOWN = Duration.ofSeconds(5);

    private final EventLoop loop;
    private final Listener listener;
    private final Thread serving;

    private EchoServer(EventLoop loop, Listener listener) {
        this.loop = loop;
        this.listener = listener;
        this.serving = new Thread(this::serve, "pool-bench-echo-server");
        this.serving.setDaemon(true);
    }

    /**
     * Binds 127.0.0.1 on a free port and starts serving.
     *
     * @return the running server
     * @throws IOException when the port cannot be bound
     */
    static EchoServer start() throws IOException {
        EchoServer server = new EchoServer(Netpoll.newEventLoop(EchoServer::onRequest),
                Netpoll.createListener("tcp", "127.0.0.1:0"));
        server.serving.start();
        return server;
    }

    /**
     * Answers every whole request buffered on {@code c}.
     *
     * @param context unused
     * @param c the server connection
     * @throws IOException when the client goes away mid-request
     */
    static void onRequest(Object context, Connection c) throws IOException {
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

    SocketAddress address() {
        return listener.localAddress();
    }

    @Override
    public void close() throws InterruptedException {
        loop.shutdown(SHUTDOWN);
        serving.join(SHUTDOWN.toMillis());
    }
}
