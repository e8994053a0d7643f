package netpoll.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Thousands of connections reset mid-frame and mid-response. */
@Tag("fast")
class RstStormTest extends FaultTestBase {

    static final int RESETS = 2_000;
    static final int THREADS = 8;

    @Test
    void resetsMidFrameAndMidResponseLeaveTheServerServingAndQuiet() throws Exception {
        double seconds;
        int warnings;
        String logged;
        try (LogCapture log = new LogCapture(false)) {
            seconds = RstStorm.run(server, RESETS, THREADS);
            server.awaitNoConnections();
            warnings = log.count(" WARN ");
            logged = log.text();
        }
        if (warnings > 0) {
            System.err.println(logged);
        }
        Report.line("RST storm", "%d connections reset (half mid-frame, half mid-response with a %d KiB"
                + " response waiting) in %.1f s; %d accepted; %d warnings logged", RESETS,
                RstStorm.RESPONSE_BYTES >> 10, seconds, server.accepted.get(), warnings);
        assertEquals(0, warnings, "a peer's reset is the peer's business, not a warning in the server's log");
        assertRecovered("RST storm");
    }
}
