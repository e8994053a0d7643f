package netpoll.pool;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

    private static final int FIRST_PORT = 40_000;
    private static final int PORTS_PER_HOST = 25_000;

    private final List<FakeConnection> dialed = new CopyOnWriteArrayList<>();
    private final Map<SocketAddress, FakeConnection> byLocal = new ConcurrentHashMap<>();
    private final Set<SocketAddress> down = ConcurrentHashMap.newKeySet();
    /** How many local addresses were handed out; each dial gets a new one. */
    private final AtomicInteger dials = new AtomicInteger();
    private final AtomicInteger deadOnArrival = new AtomicInteger();
    private final AtomicInteger hangUpOnArrival = new AtomicInteger();
    private volatile Duration lastTimeout;

    @Override
    public Connection dialConnection(SocketAddress address, Duration timeout) throws IOException {
        lastTimeout = timeout;
        if (down.contains(address)) {
            throw new ConnectException("Connection refused: " + address);
        }
        FakeConnection c = new FakeConnection(nextLocal(), address);
        dialed.add(c);
        byLocal.put(c.localAddress(), c);
        if (deadOnArrival.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            c.goInactiveSilently();
        }
        if (hangUpOnArrival.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            c.peerHangsUp();
        }
        return c;
    }

    /**
     * A local address never handed out before: ports 40,000 to 64,999 on 127.0.0.1, then on
     * 127.0.0.2 and so on, so that a stress test dialing for seconds does not run out of ports.
     */
    private InetSocketAddress nextLocal() {
        int n = dials.getAndIncrement();
        return new InetSocketAddress("127.0.0." + (1 + n / PORTS_PER_HOST), FIRST_PORT + n % PORTS_PER_HOST);
    }

    /** @return the connection dialed with that local address, or null */
    FakeConnection byLocalAddress(SocketAddress local) {
        return byLocal.get(local);
    }

    /** Makes the next {@code n} dials return connections whose peer has already hung up. */
    void deadOnArrival(int n) {
        deadOnArrival.set(n);
    }

    /**
     * Makes the peers of the next {@code n} dialed connections hang up at once (closed, their
     * close callbacks run as soon as they are added), as a server that drops a connection right
     * after accepting it.
     */
    void hangUpOnArrival(int n) {
        hangUpOnArrival.set(n);
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
