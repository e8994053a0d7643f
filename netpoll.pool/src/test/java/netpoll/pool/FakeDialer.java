package netpoll.pool;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import netpoll.api.Connection;
import netpoll.api.Dialer;

/**
 * A test double of a transport's dialer: each dial makes a {@link FakeConnection}, unless the
 * address was marked down, in which case it is refused as a real dial to a closed port is.
 *
 * <p>Thread contract: safe from any thread; the collections are concurrent.
 */
final class FakeDialer implements Dialer {

    private final List<FakeConnection> dialed = new CopyOnWriteArrayList<>();
    private final Set<SocketAddress> down = ConcurrentHashMap.newKeySet();
    private final AtomicInteger nextPort = new AtomicInteger(40_000);
    private volatile Duration lastTimeout;

    @Override
    public Connection dialConnection(SocketAddress address, Duration timeout) throws IOException {
        lastTimeout = timeout;
        if (down.contains(address)) {
            throw new ConnectException("Connection refused: " + address);
        }
        FakeConnection c = new FakeConnection(
                new InetSocketAddress("127.0.0.1", nextPort.getAndIncrement()), address);
        dialed.add(c);
        return c;
    }

    void down(SocketAddress address) {
        down.add(address);
    }

    void up(SocketAddress address) {
        down.remove(address);
    }

    /** @return every connection dialed so far, oldest first */
    List<FakeConnection> dialed() {
        return dialed;
    }

    Duration lastTimeout() {
        return lastTimeout;
    }
}
