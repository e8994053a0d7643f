package netpoll.nio.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import netpoll.nio.testing.ChildJvm;
import netpoll.nio.testing.DescriptorFlood;
import org.junit.jupiter.api.Test;

/**
 * A server whose process runs out of file descriptors (EMFILE on accept) keeps serving the
 * connections it has, leaves new ones waiting in the backlog, and accepts them once descriptors
 * free up. The server runs in a child JVM under {@code ulimit -n 256}.
 */
class DescriptorExhaustionTest {

    private static final int CHILD_LIMIT = 256;
    /** Well past the child's limit, well within the listener's backlog of 1024. */
    private static final int FLOOD = 400;
    private static final long START_MILLIS = 30_000;
    /** No new answer for this long: the server has accepted all it can. */
    private static final long QUIET_MILLIS = 1_500;
    private static final long ANSWER_MILLIS = 15_000;

    @Test
    void acceptWaitsOutDescriptorExhaustionAndResumesWhenDescriptorsFree() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) && Descriptors.softLimit() > 0,
                "needs bash and /proc to run a server under ulimit -n " + CHILD_LIMIT);
        try (ChildJvm child = new ChildJvm(CHILD_LIMIT, List.of("-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"),
                EmfileEchoServer.class.getName())) {
            int port = Integer.parseInt(child.awaitLine(EmfileEchoServer.PORT_LINE, START_MILLIS).trim());
            DescriptorFlood flood = new DescriptorFlood(child, new InetSocketAddress("127.0.0.1", port),
                    QUIET_MILLIS, ANSWER_MILLIS);
            System.out.println(flood.run(CHILD_LIMIT, FLOOD));
        }
    }
}
