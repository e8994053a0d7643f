package netpoll.benchmarks.client;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import netpoll.api.Connection;
import netpoll.api.Dialer;

/**
 * The idle connections a netpoll client holds in scenario 2: dialed once, never used, closed with
 * the client.
 *
 * <p>Thread contract: opened and closed by the thread that sets up and closes the client.
 */
final class IdleConnections implements AutoCloseable {

    private final List<Connection> held = new ArrayList<>();

    /** Dials {@code count} connections and holds them. */
    void open(Dialer dialer, SocketAddress address, Duration timeout, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            held.add(dialer.dialConnection(address, timeout));
        }
    }

    @Override
    public void close() {
        held.forEach(IdleConnections::closeQuietly);
        held.clear();
    }

    /** Closes a connection for good: a failure to close has nobody left to tell. */
    static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing for good
        }
    }
}
