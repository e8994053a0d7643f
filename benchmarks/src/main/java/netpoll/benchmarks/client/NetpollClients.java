package netpoll.benchmarks.client;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;

/**
 * Makes the netpoll client for a scenario: the multiplexing client for 3. The pooled client of
 * scenarios 1 and 2 needs {@code netpoll.pool}, which this build does not have yet: its source
 * waits in {@code benchmarks/src/pending/java} together with the version of this class that
 * makes it.
 */
final class NetpollClients {

    private NetpollClients() {
    }

    /**
     * @param scenario how connections are used
     * @return null when the netpoll client of this scenario is in the build, otherwise why not
     */
    static String whyNot(Scenario scenario) {
        return scenario == Scenario.MUX ? null : "the netpoll client of scenario " + scenario.number()
                + " needs netpoll.pool, which this build does not have yet"
                + " (benchmarks/src/pending/java holds it)";
    }

    /**
     * @param address the server
     * @param scenario how connections are used
     * @param connectTimeout how long a dial may take
     * @return the client
     * @throws IOException when the mux connections cannot be dialed
     * @throws UnsupportedOperationException for scenarios 1 and 2, saying what is missing
     */
    static EchoClient create(SocketAddress address, Scenario scenario, Duration connectTimeout)
            throws IOException {
        String why = whyNot(scenario);
        if (why != null) {
            throw new UnsupportedOperationException(why);
        }
        return new NetpollMuxClient(address, connectTimeout);
    }
}
