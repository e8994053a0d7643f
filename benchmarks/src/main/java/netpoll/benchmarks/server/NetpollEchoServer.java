package netpoll.benchmarks.server;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import netpoll.api.Connection;
import netpoll.api.EventLoop;
import netpoll.api.EventLoopOptions;
import netpoll.api.Listener;
import netpoll.api.Netpoll;
import netpoll.benchmarks.echo.EchoHandler;
import netpoll.benchmarks.echo.EchoProtocol;

/**
 * The netpoll server in {@code rpc} and {@code serial} modes, as netpoll-benchmark's
 * {@code rpc_server.go}: an event loop whose {@code OnRequest} decodes one request into its own
 * array, runs the handler and encodes the response into memory lent by {@code malloc}, then
 * flushes. In {@code rpc} mode the transport runs {@code OnRequest} on its worker pool; in
 * {@code serial} mode on the poller.
 *
 * <p>Thread contract: {@link #start()}/{@link #close()} from the controlling thread;
 * {@code serve} blocks a thread of this server; {@link #onRequest} runs on the transport's
 * threads, at most once at a time per connection.
 */
public final class NetpollEchoServer implements EchoServer {

    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(2);

    private final SocketAddress address;
    private final ServerMode mode;
    private ServingThread serving;

    /**
     * @param address a TCP address (port 0 for any free one) or a Unix socket's path
     * @param mode {@code rpc} or {@code serial}
     * @throws IllegalArgumentException for {@code mux}, which {@link NetpollMuxServer} serves
     */
    public NetpollEchoServer(SocketAddress address, ServerMode mode) {
        if (mode == ServerMode.MUX) {
            throw new IllegalArgumentException("mux mode is served by NetpollMuxServer");
        }
        this.address = address;
        this.mode = mode;
    }

    @Override
    public SocketAddress start() throws IOException {
        Listener listener = NetpollServers.listen(address);
        EventLoopOptions<Void> options = EventLoopOptions.<Void>builder()
                .serial(mode == ServerMode.SERIAL).build();
        EventLoop loop = Netpoll.newEventLoop(NetpollEchoServer::onRequest, options);
        serving = ServingThread.start("netpoll-serve", loop, listener);
        return listener.localAddress();
    }

    /**
     * Answers one request: decode into a new array, handle, encode into malloc'ed memory, flush.
     *
     * @param context unused
     * @param conn the connection with input
     * @throws IOException when the connection fails or the frame is malformed (the transport
     *     then closes the connection)
     */
    static void onRequest(Void context, Connection conn) throws IOException {
        int length = EchoProtocol.checkLength(conn.readInt());
        byte[] request = conn.readBinary(length);
        conn.release();
        byte[] response = EchoHandler.respond(request);
        ByteBuffer out = conn.malloc(EchoProtocol.HEADER_BYTES + response.length);
        out.putInt(response.length).put(response);
        conn.flush();
    }

    @Override
    public void close() {
        if (serving != null) {
            serving.stop(SHUTDOWN_WAIT);
        }
    }
}
