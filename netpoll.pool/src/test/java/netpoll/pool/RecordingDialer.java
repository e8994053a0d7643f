package netpoll.pool;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import netpoll.api.Connection;
import netpoll.api.Dialer;

/**
 * A real dialer that remembers what it dialed, so that a test can wait until the transport knows
 * a connection is dead (its {@code isActive()} turned false) and check nothing is left open.
 *
 * <p>Thread contract: safe from any thread; the list is copy-on-write.
 */
final class RecordingDialer implements Dialer {

    private final Dialer real;
    private final List<Connection> dialed = new CopyOnWriteArrayList<>();

    RecordingDialer(Dialer real) {
        this.real = real;
    }

    @Override
    public Connection dialConnection(SocketAddress address, Duration timeout) throws IOException {
        Connection c = real.dialConnection(address, timeout);
        dialed.add(c);
        return c;
    }

    List<Connection> dialed() {
        return dialed;
    }

    long inactive() {
        return dialed.stream().filter(c -> !c.isActive()).count();
    }
}
