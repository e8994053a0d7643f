package netpoll.faults;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * One fault per test method: a fresh server, a baseline of its resources once it has answered,
 * and after the fault a check that it still answers correctly, holds no connection, and that its
 * memory, threads and descriptors went back to the baseline. Closing the server then checks that
 * every buffer came back and no thread of it is left.
 */
abstract class FaultTestBase {

    ServerUnderTest server;
    Resources baseline;

    /** @return the server's settings; a class overrides this to change the handler or limits */
    ServerUnderTest.Settings settings() {
        return ServerUnderTest.with();
    }

    @BeforeEach
    void startServer() throws Exception {
        server = settings().start();
        server.assertAnswers();
        server.awaitNoConnections();
        baseline = Resources.measure(server.mcache);
    }

    /** After a fault: the server answers, lets go of every connection, and its resources went back. */
    void assertRecovered(String fault) throws Exception {
        server.assertAnswers();
        server.awaitNoConnections();
        Resources after = Resources.assertBackTo(baseline, server, fault);
        Report.line(fault, "resources before: %s; after: %s", baseline, after);
    }

    @AfterEach
    void closeServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }
}
