package netpoll.benchmarks.server;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import netpoll.api.Connection;
import netpoll.api.ConnectionClosedException;
import netpoll.api.EventLoop;
import netpoll.api.EventLoopOptions;
import netpoll.api.Listener;
import netpoll.api.Netpoll;
import netpoll.api.Reader;
import netpoll.benchmarks.echo.EchoHandler;
import netpoll.benchmarks.echo.EchoProtocol;
import netpoll.mcache.LinkBuffer;
import netpoll.mux.ShardQueue;

/**
 * The netpoll server in {@code mux} mode, as netpoll-benchmark's {@code mux_server.go}: each
 * connection gets a {@link ShardQueue} when it is prepared. {@code OnRequest} only cuts the next
 * whole frame off the input without copying ({@code slice}) and hands it to the business pool
 * (Go starts a goroutine); there the request is decoded into its own array, handled, encoded into
 * a new {@link LinkBuffer} and added to the queue, which writes the responses of many handlers
 * to the connection in batches. A response for a connection that closed meanwhile is dropped.
 *
 * <p>Thread contract: {@link #start()}/{@link #close()} from the controlling thread;
 * {@code OnRequest} runs on the transport's workers, at most once at a time per connection;
 * {@link #respond} on business threads, many at once per connection (the queue is safe for that).
 */
public final class NetpollMuxServer implements EchoServer {

    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(2);

    private final SocketAddress address;
    private final int businessThreads;
    private ExecutorService business;
    private ServingThread serving;

    /**
     * @param address a TCP address (port 0 for any free one) or a Unix socket's path
     * @param businessThreads the size of the pool that runs the handler
     */
    public NetpollMuxServer(SocketAddress address, int businessThreads) {
        this.address = address;
        this.businessThreads = businessThreads;
    }

    @Override
    public SocketAddress start() throws IOException {
        business = BusinessExecutor.create(businessThreads, "netpoll-mux-business-");
        Listener listener = NetpollServers.listen(address);
        EventLoopOptions<ShardQueue> options = EventLoopOptions.<ShardQueue>builder()
                .onPrepare(conn -> new ShardQueue(conn, Runtime.getRuntime().availableProcessors()))
                .build();
        EventLoop loop = Netpoll.newEventLoop(this::onRequest, options);
        serving = ServingThread.start("netpoll-mux-serve", loop, listener);
        return listener.localAddress();
    }

    private void onRequest(ShardQueue queue, Connection conn) throws IOException {
        int length = EchoProtocol.checkLength(conn.peek(EchoProtocol.HEADER_BYTES).getInt(0));
        Reader frame = conn.slice(EchoProtocol.HEADER_BYTES + length);
        business.execute(() -> respond(queue, frame));
    }

    private static void respond(ShardQueue queue, Reader frame) {
        byte[] request;
        try {
            int length = frame.readInt();
            request = frame.readBinary(length);
        } catch (IOException e) {
            throw new IllegalStateException("a sliced frame is whole, yet reading it failed", e);
        } finally {
            frame.release();
        }
        byte[] response = EchoHandler.respond(request);
        LinkBuffer out = new LinkBuffer();
        out.writeInt(response.length);
        out.writeBinary(response);
        try {
            queue.add(out);
        } catch (ConnectionClosedException e) {
            out.close();
        }
    }

    @Override
    public void close() {
        if (serving != null) {
            serving.stop(SHUTDOWN_WAIT);
        }
        if (business != null) {
            business.shutdownNow();
        }
    }
}
