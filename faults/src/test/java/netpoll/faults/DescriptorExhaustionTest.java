package netpoll.faults;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The example echo server under {@code ulimit -n 256}, flooded with 400 connections. */
@Tag("fast")
class DescriptorExhaustionTest {

    static final int LIMIT = 256;
    static final int FLOOD = 400;

    static void assumeLinux() {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) && Files.isDirectory(Path.of("/proc/self/fd")),
                "needs bash and /proc to run a server under a low ulimit -n");
    }

    @Test
    void theExampleServerKeepsServingWhenDescriptorsRunOutAndAcceptsAgainWhenTheyFree() throws Exception {
        assumeLinux();
        Report.line("descriptor exhaustion", "%s", DescriptorFlood.run(LIMIT, FLOOD));
    }
}
