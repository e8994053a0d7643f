package netpoll.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import netpoll.nio.testing.ChildJvm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The slow half ({@code mvn -B verify -pl faults -am -Pfaults-full}): the connection storm at
 * full size and speed, 10,000 idle connections, a big RST storm, and descriptor exhaustion at
 * scale.
 */
@Tag("full")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class FullScaleTest extends FaultTestBase {

    static final int STORM = 10_000;
    static final int STORM_THREADS = 4;
    static final int IDLE = 10_000;
    static final int ECHO_CLIENTS = 16;
    static final int ROUND_TRIPS = 1_000;
    static final int RESETS = 20_000;
    static final int RESET_THREADS = 8;
    static final int EXHAUSTION_LIMIT = 2_048;
    /** Past the limit by less than the listener's backlog (1,024), so the rest can wait there. */
    static final int EXHAUSTION_FLOOD = 2_900;
    /** Descriptors this JVM needs besides the server ends of the idle connections. */
    static final long DESCRIPTOR_MARGIN = 1_024;
    static final long START_MILLIS = 120_000;

    @Test
    void tenThousandShortConnectionsAtFullSpeed() throws Exception {
        ConnectionStorm.run(server, STORM / 2, STORM_THREADS);
        ConnectionStorm.Result storm = ConnectionStorm.run(server, STORM, STORM_THREADS);
        Report.line("connection storm, full", "%s (close at once, request then close, round trip, reset; %d client"
                + " threads, 1 poller; after a warm-up storm of %d)", storm, STORM_THREADS, STORM / 2);
        assertRecovered("connection storm, full");
    }

    @Test
    void tenThousandIdleConnectionsWhileOthersEcho() throws Exception {
        assumeTrue(Resources.openDescriptors() + IDLE + DESCRIPTOR_MARGIN <= descriptorLimit(),
                "the server ends of " + IDLE + " idle connections need ulimit -n " + (IDLE + DESCRIPTOR_MARGIN));
        Latency alone = IdleConnections.echo(server, ECHO_CLIENTS, ROUND_TRIPS);
        Resources before = Resources.measure(server.mcache);
        Latency beside;
        Resources holding;
        try (ChildJvm holder = new ChildJvm(IDLE + (int) DESCRIPTOR_MARGIN, ChildJvm.smallJvm(),
                IdleHolder.class.getName(), Integer.toString(server.address().getPort()), Integer.toString(IDLE))) {
            assertEquals(IDLE, Integer.parseInt(holder.awaitLine(IdleHolder.HELD, START_MILLIS).trim()));
            awaitOpen(IDLE);
            holding = Resources.measure(server.mcache);
            beside = IdleConnections.echo(server, ECHO_CLIENTS, ROUND_TRIPS);
            holder.closeInput();
        }
        long per = ((holding.heapAfterGc() - before.heapAfterGc()) + (holding.direct() - before.direct())) / IDLE;
        Report.line("idle connections, full", "%d idle held from another process: %d B of heap and direct memory per"
                + " connection on the server (heap %s -> %s, direct %s -> %s, buffers lent %d, descriptors %d -> %d);"
                + " %d echo clients alone: %s; beside the idle ones: %s", IDLE, per,
                Resources.mib(before.heapAfterGc()), Resources.mib(holding.heapAfterGc()), Resources.mib(before.direct()),
                Resources.mib(holding.direct()), holding.outstanding(), before.descriptors(), holding.descriptors(),
                ECHO_CLIENTS, alone, beside);
        assertEquals(0, holding.outstanding(), "an idle connection must hold no buffer");
        assertRecovered("idle connections, full");
    }

    @Test
    void twentyThousandResets() throws Exception {
        double seconds;
        int warnings;
        try (LogCapture log = new LogCapture(false)) {
            seconds = RstStorm.run(server, RESETS, RESET_THREADS);
            server.awaitNoConnections();
            warnings = log.count(" WARN ");
        }
        Report.line("RST storm, full", "%d connections reset (half mid-frame, half mid-response) in %.1f s;"
                + " %d warnings logged", RESETS, seconds, warnings);
        assertEquals(0, warnings, "a peer's reset is not a warning in the server's log");
        assertRecovered("RST storm, full");
    }

    @Test
    void descriptorExhaustionAtScale() throws Exception {
        DescriptorExhaustionTest.assumeLinux();
        Report.line("descriptor exhaustion, full", "%s", DescriptorExhaustionTest.floodTheExampleServer(EXHAUSTION_LIMIT, EXHAUSTION_FLOOD));
    }

    private void awaitOpen(int n) throws InterruptedException {
        long deadline = System.nanoTime() + ServerUnderTest.SETTLE.toNanos();
        while (server.open.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(n, server.open.size(), "idle connections the server holds");
    }

    private static long descriptorLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    return Long.parseLong(line.substring("Max open files".length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
