package netpoll.examples;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import netpoll.api.Connection;
import netpoll.api.Netpoll;
import netpoll.api.Network;
import netpoll.pool.ConnectionPool;
import netpoll.pool.PoolConfig;

/**
 * An RPC-style client: threads borrow connections from a pool for one request each. A connection
 * whose peer hung up is never handed out: the pool checks {@code isActive()}, a flag the poller
 * keeps, without a system call.
 *
 * <pre>java -cp examples/target/netpoll-examples.jar netpoll.examples.PooledClient [host:port]</pre>
 *
 * Start {@link EchoServer} first.
 */
public final class PooledClient {

    private static final int THREADS = 4;
    private static final int CALLS_PER_THREAD = 3;

    private PooledClient() {
    }

    /**
     * @param args optionally the server's address ({@code 127.0.0.1:8080})
     * @throws Exception when the server cannot be reached
     */
    public static void main(String[] args) throws Exception {
        SocketAddress server = Network.TCP.resolve(args.length > 0 ? args[0] : EchoServer.DEFAULT_ADDRESS);
        try (ConnectionPool pool = ConnectionPool.create(Netpoll.newDialer(), PoolConfig.defaults())) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int id = t;
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < CALLS_PER_THREAD; i++) {
                        // close() gives the connection back to the pool instead of closing it.
                        try (Connection conn = pool.borrow(server)) {
                            byte[] request = ("thread " + id + " call " + i).getBytes(StandardCharsets.UTF_8);
                            conn.writeInt(request.length);
                            conn.writeBinary(request);
                            conn.flush();
                            String echo = conn.readString(conn.readInt());
                            conn.release();
                            System.out.println("echo: " + echo + " (via " + conn.localAddress() + ")");
                        } catch (Exception e) {
                            System.out.println("call failed: " + e);
                        }
                    }
                });
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            }
        }
    }
}
