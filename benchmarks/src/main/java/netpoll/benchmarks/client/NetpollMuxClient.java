package netpoll.benchmarks.client;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import netpoll.api.Connection;
import netpoll.api.Dialer;
import netpoll.api.Netpoll;
import netpoll.benchmarks.echo.EchoProtocol;
import netpoll.benchmarks.echo.Payloads;
import netpoll.mcache.LinkBuffer;
import netpoll.mux.ShardQueue;

/**
 * The netpoll client of scenario 3, as netpoll-benchmark's {@code mux_client.go}: all callers
 * share {@link Scenario#MUX_CONNECTIONS} connections. A caller encodes its frame into a
 * {@link LinkBuffer} of its own and adds it to the connection's {@link ShardQueue}, which
 * splices the frames of many callers into the connection without copying; responses are read
 * event-driven ({@code setOnRequest}) on the transport's workers and handed to the waiting
 * caller by the request id the payload carries.
 *
 * <p>Thread contract: {@link #call} from any caller thread; each connection's
 * {@link #onResponse} runs on a worker, never twice at once for a connection.
 */
public final class NetpollMuxClient implements EchoClient {

    private final SocketAddress address;
    private final Dialer dialer = Netpoll.newDialer();
    private final Duration connectTimeout;
    private final List<MuxConnection> connections = new ArrayList<>();
    private final IdleConnections idle = new IdleConnections();
    /** Round-robin over {@link #connections}; any caller increments it. */
    private final AtomicInteger cursor = new AtomicInteger();

    /**
     * Dials the shared connections.
     *
     * @param address the server
     * @param connectTimeout how long a dial may take
     * @throws IOException when a connection cannot be dialed
     */
    public NetpollMuxClient(SocketAddress address, Duration connectTimeout) throws IOException {
        this.address = address;
        this.connectTimeout = connectTimeout;
        try {
            for (int i = 0; i < Scenario.MUX_CONNECTIONS; i++) {
                connections.add(new MuxConnection(dialer.dialConnection(address, connectTimeout)));
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public byte[] call(byte[] payload, long timeoutNanos) throws IOException, TimeoutException {
        MuxConnection mc = connections.get(Math.floorMod(cursor.getAndIncrement(), connections.size()));
        if (!mc.conn.isActive()) {
            throw new IOException("mux connection " + mc.conn.remoteAddress() + " is closed");
        }
        Long id = Payloads.idOf(payload);
        ResponseSlot slot = new ResponseSlot();
        mc.pending.put(id, slot);
        try {
            LinkBuffer frame = new LinkBuffer();
            frame.writeInt(payload.length);
            frame.writeBinary(payload);
            mc.queue.add(frame);
            return slot.await(timeoutNanos);
        } finally {
            mc.pending.remove(id);
        }
    }

    @Override
    public void openIdleConnections(int count) throws IOException {
        idle.open(dialer, address, connectTimeout, count);
    }

    @Override
    public void close() {
        for (MuxConnection mc : connections) {
            IdleConnections.closeQuietly(mc.conn); // its shard queue closes with it
        }
        idle.close();
    }

    /** One shared connection: its write queue and the calls waiting for a response on it. */
    private static final class MuxConnection {
        private final Connection conn;
        private final ShardQueue queue;
        /** Calls in flight by request id; callers add and remove, the response handler removes. */
        private final Map<Long, ResponseSlot> pending = new ConcurrentHashMap<>();

        MuxConnection(Connection conn) {
            this.conn = conn;
            this.queue = new ShardQueue(conn, Runtime.getRuntime().availableProcessors());
            conn.addCloseCallback(c -> {
                IOException closed = new IOException("mux connection " + c.remoteAddress() + " closed");
                pending.values().forEach(s -> s.fail(closed));
            });
            conn.setOnRequest((Object context, Connection c) -> onResponse(c), null);
        }

        /** Decodes one response into a new array and wakes its caller. */
        private void onResponse(Connection c) throws IOException {
            int length = EchoProtocol.checkLength(c.readInt());
            byte[] response = c.readBinary(length);
            c.release();
            ResponseSlot slot = response.length >= Payloads.MIN_BYTES
                    ? pending.remove(Payloads.idOf(response)) : null;
            if (slot != null) {
                slot.complete(response);
            }
        }
    }
}
