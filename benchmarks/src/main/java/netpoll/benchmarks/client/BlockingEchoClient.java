package netpoll.benchmarks.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import netpoll.benchmarks.echo.EchoProtocol;
import netpoll.benchmarks.echo.Payloads;

/**
 * The {@code java.net} client: blocking sockets with TCP_NODELAY. Scenarios 1 and 2 keep a
 * long-connection pool and each call writes and reads on the caller's thread; scenario 3 shares
 * {@link Scenario#MUX_CONNECTIONS} sockets, each written under a lock by the callers and read by
 * one reader thread that hands responses to callers by the request id in the payload (the
 * read-loop/write-under-lock design of RPC clients on blocking sockets).
 *
 * <p>Thread contract: {@link #call} from any caller thread; a pooled connection is used by one
 * caller at a time; a mux connection's output is guarded by its lock, its input read only by its
 * reader thread.
 */
public final class BlockingEchoClient implements EchoClient {

    private static final int STREAM_BUFFER_BYTES = 8192;

    private final InetSocketAddress address;
    private final Scenario scenario;
    private final int connectTimeoutMillis;
    private final IdleStack<PooledSocket> pool = new IdleStack<>(Scenario.POOL_CAPACITY, PooledSocket::close);
    private final List<MuxSocket> mux = new ArrayList<>();
    private final List<Socket> idle = new ArrayList<>();
    /** Round-robin over {@link #mux}; any caller increments it. */
    private final AtomicInteger cursor = new AtomicInteger();

    /**
     * Makes the client and, in scenario 3, connects its shared sockets and starts their readers.
     *
     * @param address the server
     * @param scenario how connections are used
     * @param connectTimeoutNanos how long a connect may take
     * @throws IOException when a mux socket cannot be connected
     */
    public BlockingEchoClient(InetSocketAddress address, Scenario scenario, long connectTimeoutNanos)
            throws IOException {
        this.address = address;
        this.scenario = scenario;
        this.connectTimeoutMillis = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(connectTimeoutNanos));
        try {
            if (scenario == Scenario.MUX) {
                for (int i = 0; i < Scenario.MUX_CONNECTIONS; i++) {
                    mux.add(new MuxSocket(connect(), i));
                }
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public byte[] call(byte[] payload, long timeoutNanos) throws IOException, TimeoutException {
        if (scenario == Scenario.MUX) {
            return mux.get(Math.floorMod(cursor.getAndIncrement(), mux.size())).call(payload, timeoutNanos);
        }
        PooledSocket s = pool.poll();
        if (s == null) {
            s = new PooledSocket(connect());
        }
        try {
            byte[] response = s.call(payload, timeoutNanos);
            pool.offer(s);
            return response;
        } catch (IOException | TimeoutException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public void openIdleConnections(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            idle.add(connect());
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, connectTimeoutMillis);
            return socket;
        } catch (IOException e) {
            closeQuietly(socket);
            throw new IOException("connect to " + address + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        pool.closeAll();
        mux.forEach(MuxSocket::close);
        idle.forEach(BlockingEchoClient::closeQuietly);
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing for good: nothing to do about a failure
        }
    }

    /** A pooled connection, used by one caller at a time. */
    private static final class PooledSocket implements Closeable {
        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;

        PooledSocket(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), STREAM_BUFFER_BYTES));
            this.out = new BufferedOutputStream(socket.getOutputStream(), STREAM_BUFFER_BYTES);
        }

        byte[] call(byte[] payload, long timeoutNanos) throws IOException, TimeoutException {
            long start = System.nanoTime();
            EchoProtocol.writeFrame(out, payload);
            out.flush();
            long left = timeoutNanos - (System.nanoTime() - start);
            socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            byte[] response;
            try {
                response = EchoProtocol.readFrame(in);
            } catch (SocketTimeoutException e) {
                throw timeout(timeoutNanos);
            }
            if (System.nanoTime() - start > timeoutNanos) {
                throw timeout(timeoutNanos);
            }
            return response;
        }

        @Override
        public void close() {
            closeQuietly(socket);
        }
    }

    private static TimeoutException timeout(long timeoutNanos) {
        return new TimeoutException("no response within "
                + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
    }

    /** A shared connection: callers write under {@link #writeLock}, one thread reads. */
    private static final class MuxSocket {
        private final Socket socket;
        private final OutputStream out;
        private final ReentrantLock writeLock = new ReentrantLock();
        /** Calls in flight by request id; callers add and remove, the reader removes. */
        private final Map<Long, ResponseSlot> pending = new ConcurrentHashMap<>();
        private final Thread reader;

        MuxSocket(Socket socket, int index) throws IOException {
            this.socket = socket;
            this.out = new BufferedOutputStream(socket.getOutputStream(), STREAM_BUFFER_BYTES);
            DataInputStream in = new DataInputStream(
                    new BufferedInputStream(socket.getInputStream(), STREAM_BUFFER_BYTES));
            this.reader = new Thread(() -> readLoop(in), "blocking-mux-reader-" + index);
            reader.setDaemon(true);
            reader.start();
        }

        byte[] call(byte[] payload, long timeoutNanos) throws IOException, TimeoutException {
            if (socket.isClosed()) {
                throw new IOException("mux connection " + socket + " is closed");
            }
            Long id = Payloads.idOf(payload);
            ResponseSlot slot = new ResponseSlot();
            pending.put(id, slot);
            try {
                writeLock.lock();
                try {
                    EchoProtocol.writeFrame(out, payload);
                    out.flush();
                } finally {
                    writeLock.unlock();
                }
                return slot.await(timeoutNanos);
            } finally {
                pending.remove(id);
            }
        }

        private void readLoop(DataInputStream in) {
            try {
                while (true) {
                    byte[] response = EchoProtocol.readFrame(in);
                    ResponseSlot slot = response.length >= Payloads.MIN_BYTES
                            ? pending.remove(Payloads.idOf(response)) : null;
                    if (slot != null) {
                        slot.complete(response);
                    }
                }
            } catch (IOException e) {
                IOException closed = new IOException("mux connection " + socket + " ended", e);
                pending.values().forEach(s -> s.fail(closed));
                closeQuietly(socket);
            }
        }

        void close() {
            closeQuietly(socket);
            try {
                reader.join(TimeUnit.SECONDS.toMillis(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
