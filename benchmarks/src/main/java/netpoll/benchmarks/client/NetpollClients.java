package netpoll.benchmarks.client;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;

/**
 * Makes the netpoll client for a scenario: the pooled client for 1 and 2, the multiplexing
 * client for 3.
 */
final class NetpollClients {

    private NetpollClients() {
    }

    /**
     * @param address the server
     * @param scenario how connections are used
     * @param connectTimeout how long a dial may take
     * @return the client
     * @throws IOException when the mux connections cannot be dialed
     */
    static EchoClient create(SocketAddress address, Scenario scenario, Duration connectTimeout)
            throws IOException {
        return scenario == Scenario.MUX
                ? new NetpollMuxClient(address, connectTimeout)
                : new NetpollPoolClient(address, connectTimeout);
    }
}
