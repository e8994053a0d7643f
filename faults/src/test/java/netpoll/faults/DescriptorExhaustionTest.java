package netpoll.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import netpoll.nio.testing.ChildJvm;
import netpoll.nio.testing.DescriptorFlood;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The example echo server ({@code netpoll.examples.EchoServer}, as it ships) in a child JVM under
 * {@code ulimit -n 256}, flooded with 400 connections: existing connections keep being served, the
 * ones past the limit wait in the backlog, they are accepted and answered once descriptors free
 * up, and the server's descriptors go back to where they were.
 */
@Tag("fast")
class DescriptorExhaustionTest {

    static final int LIMIT = 256;
    static final int FLOOD = 400;
    static final String EXAMPLE_SERVER = "netpoll.examples.EchoServer";
    static final String LISTENING = "listening on ";
    private static final long START_MILLIS = 60_000;
    /** No new answer for this long: the server has accepted all it can. */
    private static final long QUIET_MILLIS = 2_000;
    private static final long ANSWER_MILLIS = 30_000;
    private static final int DESCRIPTOR_TOLERANCE = 4;
    private static final long SETTLE_MILLIS = 15_000;

    static void assumeLinux() {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) && Files.isDirectory(Path.of("/proc/self/fd")),
                "needs bash and /proc to run a server under a low ulimit -n");
    }

    @Test
    void theExampleServerKeepsServingWhenDescriptorsRunOutAndAcceptsAgainWhenTheyFree() throws Exception {
        assumeLinux();
        Report.line("descriptor exhaustion", "%s", floodTheExampleServer(LIMIT, FLOOD));
    }

    /**
     * Floods the example server under {@code ulimit -n limit} with {@code flood} connections.
     *
     * @return what happened; "after" is the server's use once its descriptors went back
     */
    static DescriptorFlood.Outcome floodTheExampleServer(int limit, int flood) throws Exception {
        try (ChildJvm child = new ChildJvm(limit, ChildJvm.smallJvm(), EXAMPLE_SERVER, "127.0.0.1:0")) {
            String listening = child.awaitLine(LISTENING, START_MILLIS).trim();
            int port = Integer.parseInt(listening.substring(listening.lastIndexOf(':') + 1));
            DescriptorFlood.Outcome o = new DescriptorFlood(child, new InetSocketAddress("127.0.0.1", port),
                    QUIET_MILLIS, ANSWER_MILLIS).run(limit, flood);
            return o.withAfter(awaitDescriptors(child, o.before().descriptors()));
        }
    }

    /** Waits, bounded, until the child's descriptors are back to {@code base}. */
    private static ChildJvm.Usage awaitDescriptors(ChildJvm child, long base) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS);
        ChildJvm.Usage now = child.usage();
        while (now.descriptors() > base + DESCRIPTOR_TOLERANCE && System.nanoTime() < deadline) {
            Thread.sleep(QUIET_MILLIS / 10);
            now = child.usage();
        }
        assertTrue(now.descriptors() <= base + DESCRIPTOR_TOLERANCE, "the server's descriptors did not go back: "
                + base + " before the flood, " + now.descriptors() + " after");
        return now;
    }
}
