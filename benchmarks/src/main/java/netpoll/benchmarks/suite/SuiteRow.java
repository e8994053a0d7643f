package netpoll.benchmarks.suite;

import java.util.List;
import netpoll.benchmarks.harness.Measurement;

/**
 * One measured point of the suite.
 *
 * @param test "server" (one fixed client against every server) or "client" (every client against
 *     one fixed server)
 * @param scenario 1, 2 or 3
 * @param server the server implementation
 * @param client the client implementation
 * @param concurrency the number of callers
 * @param measurement what the client measured
 * @param serverCpuPercent the server's CPU use in the measured window, % of one core, or -1
 * @param serverRssBytes the server's resident memory at the end of the window, or -1
 * @param serverThreads the server's thread count at the end of the window, or -1
 * @param round which round of the point this is, from 1 ({@code --rounds})
 */
public record SuiteRow(String test, int scenario, String server, String client, int concurrency,
        Measurement measurement, double serverCpuPercent, long serverRssBytes, long serverThreads,
        int round) {

    /**
     * @return the implementation this row compares: the server in the server test, the client
     *     in the client test
     */
    public String subject() {
        return "server".equals(test) ? server : client;
    }

    /**
     * @return what makes two rows rounds of the same point: everything but the round and what was
     *     measured
     */
    Object point() {
        return List.of(test, scenario, server, client, concurrency);
    }
}
