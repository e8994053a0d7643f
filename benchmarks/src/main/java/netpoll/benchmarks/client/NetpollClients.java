package netpoll.benchmarks.client;

import java.net.SocketAddress;
import java.time.Duration;

/**
 * Makes the netpoll client for a scenario. Both netpoll clients need modules this build does not
 * have yet ({@code netpoll.pool} for scenarios 1 and 2, {@code netpoll.mux} and
 * {@code netpoll.mcache.LinkBuffer} for 3): their sources wait in
 * {@code benchmarks/src/pending/java} together with the version of this class that makes them.
 */
final class NetpollClients {

    private NetpollClients() {
    }

    /**
     * @param address the server
     * @param scenario how connections are used
     * @param connectTimeout how long a dial may take
     * @return never
     * @throws UnsupportedOperationException saying what is missing
     */
    static EchoClient create(SocketAddress address, Scenario scenario, Duration connectTimeout) {
        throw new UnsupportedOperationException("the netpoll client (scenario " + scenario.number()
                + ") needs netpoll.pool, netpoll.mux and netpoll.mcache.LinkBuffer, which this build"
                + " does not have yet (benchmarks/src/pending/java holds it)");
    }
}
