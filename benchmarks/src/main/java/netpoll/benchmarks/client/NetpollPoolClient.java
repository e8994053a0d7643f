package netpoll.benchmarks.client;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import netpoll.api.Connection;
import netpoll.api.Dialer;
import netpoll.api.Netpoll;
import netpoll.api.ReadTimeoutException;
import netpoll.benchmarks.echo.EchoProtocol;
import netpoll.pool.ConnectionPool;
import netpoll.pool.PoolConfig;

/**
 * The netpoll client of scenarios 1 and 2, as netpoll-benchmark's {@code pool_client.go}: each
 * call borrows a connection from {@code netpoll.pool} (dialed by the default transport's
 * {@link Dialer}), stages the frame with the nocopy writer, flushes, reads the response into a
 * new array, and gives the connection back; a connection that failed or timed out is
 * invalidated instead.
 *
 * <p>Thread contract: {@link #call} from any caller thread (the pool hands each borrowed
 * connection to one caller at a time); {@link #close()} once the callers have stopped.
 */
public final class NetpollPoolClient implements EchoClient {

    private final SocketAddress address;
    private final Dialer dialer = Netpoll.newDialer();
    private final Duration connectTimeout;
    private final ConnectionPool pool;
    private final IdleConnections idle = new IdleConnections();

    /**
     * @param address the server
     * @param connectTimeout how long a dial and a wait for a free connection may take
     */
    public NetpollPoolClient(SocketAddress address, Duration connectTimeout) {
        this.address = address;
        this.connectTimeout = connectTimeout;
        this.pool = ConnectionPool.create(dialer, PoolConfig.builder()
                .maxTotal(Scenario.POOL_CAPACITY)
                .maxPerKey(Scenario.POOL_CAPACITY)
                .maxIdlePerKey(Scenario.POOL_CAPACITY)
                .dialTimeout(connectTimeout)
                .maxWait(connectTimeout)
                .build());
    }

    @Override
    public byte[] call(byte[] payload, long timeoutNanos) throws IOException, TimeoutException {
        long start = System.nanoTime();
        Connection conn = pool.borrow(address);
        boolean healthy = false;
        try {
            long left = timeoutNanos - (System.nanoTime() - start);
            if (left <= 0) {
                throw new TimeoutException("borrowing a connection took the whole timeout of "
                        + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
            }
            conn.setReadTimeout(Duration.ofNanos(left));
            conn.writeInt(payload.length);
            conn.writeBinary(payload);
            conn.flush();
            int length = EchoProtocol.checkLength(conn.readInt());
            byte[] response = conn.readBinary(length);
            conn.release();
            healthy = true;
            return response;
        } catch (ReadTimeoutException e) {
            throw new TimeoutException("no response within "
                    + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms: " + e.getMessage());
        } finally {
            if (healthy) {
                conn.close();
            } else {
                pool.invalidate(conn);
            }
        }
    }

    @Override
    public void openIdleConnections(int count) throws IOException {
        idle.open(dialer, address, connectTimeout, count);
    }

    @Override
    public void close() {
        idle.close();
        pool.close();
    }
}
