package netpoll.pool.internal;

import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The pool's own counters: one {@link KeyStats} per address ever dialed, and one for the whole
 * pool. An address's counters stay for the life of the pool (a few dozen bytes per address).
 *
 * <p>Thread contract: safe from any thread; the map is a {@link ConcurrentHashMap}, looked up
 * only when a connection is dialed and when stats are read, never per borrow.
 */
final class StatsRegistry {
    private final ConcurrentMap<SocketAddress, KeyStats> byKey = new ConcurrentHashMap<>();
    private final KeyStats total = new KeyStats();

    KeyStats of(SocketAddress key) {
        return byKey.computeIfAbsent(key, k -> new KeyStats());
    }

    KeyStats peek(SocketAddress key) {
        return byKey.get(key);
    }

    KeyStats total() {
        return total;
    }
}
