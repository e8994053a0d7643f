package netpoll.itests.osgi;

import static org.junit.Assert.assertArrayEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import netpoll.api.Connection;
import netpoll.api.EventLoop;
import netpoll.api.EventLoopOptions;
import netpoll.api.Listener;
import netpoll.api.Network;
import netpoll.api.OnRequest;
import netpoll.api.spi.Transport;

/**
 * An echo server of the design's wire protocol (a 4-byte big-endian length, then that many
 * bytes) on a transport taken from the service registry, and the client half of a round trip.
 * Runs inside the containers, in the test probe.
 *
 * <p>Thread contract: {@link #start} and {@link #close} from the test thread; the serving
 * thread only runs {@link EventLoop#serve}.
 */
final class EchoServer implements AutoCloseable {

    private static final Duration SHUTDOWN = Duration.ofSeconds(5);
    private static final long SERVE_EXIT_SECONDS = 10;

    /** Reads one whole request and answers with a new buffer holding the same payload. */
    private static final OnRequest<Object> ECHO = (ctx, c) -> {
        int n = c.readInt();
        ByteBuffer payload = c.next(n);
        c.writeInt(n);
        c.malloc(n).put(payload);
        c.release();
        c.flush();
    };

    private final EventLoop loop;
    private final Listener listener;
    private final CountDownLatch served = new CountDownLatch(1);

    private EchoServer(EventLoop loop, Listener listener) {
        this.loop = loop;
        this.listener = listener;
    }

    /**
     * Binds 127.0.0.1 on a free port and serves it on a new thread.
     *
     * @param transport the transport service
     * @return the running server
     * @throws IOException when binding fails
     */
    static EchoServer start(Transport transport) throws IOException {
        Listener listener = transport.createListener(Network.TCP, new InetSocketAddress("127.0.0.1", 0));
        EchoServer server = new EchoServer(transport.newEventLoop(ECHO, EventLoopOptions.defaults()), listener);
        Thread t = new Thread(server::serve, "itests-echo-serve");
        t.setDaemon(true);
        t.start();
        return server;
    }

    private void serve() {
        try {
            loop.serve(listener);
        } catch (IOException | RuntimeException e) {
            e.printStackTrace();
        } finally {
            served.countDown();
        }
    }

    /** @return the address clients dial */
    SocketAddress address() {
        return listener.localAddress();
    }

    /**
     * Sends {@code payload} on {@code c} and checks the echo carries it back.
     *
     * @param c a connected connection
     * @param payload the bytes to send
     * @throws IOException when the round trip fails
     */
    static void roundTrip(Connection c, byte[] payload) throws IOException {
        c.writeInt(payload.length);
        c.writeBinary(payload.clone());
        c.flush();
        int n = c.readInt();
        byte[] back = c.readBinary(n);
        c.release();
        assertArrayEquals("echoed payload", payload, back);
    }

    /** Shuts the event loop down and waits for the serving thread to return. */
    @Override
    public void close() throws InterruptedException {
        loop.shutdown(SHUTDOWN);
        if (!served.await(SERVE_EXIT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("the echo server did not stop serving within " + SERVE_EXIT_SECONDS + " s");
        }
    }
}
