package netpoll.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.SocketChannel;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A storm of short connections, then idle connections held while others echo. The full-size
 * storm (10,000 at full speed, 10,000 idle) is in {@link FullScaleTest}.
 */
@Tag("fast")
class ConnectionStormTest extends FaultTestBase {

    static final int STORM = 2_000;
    static final int CLIENT_THREADS = 4;
    static final int IDLE = 1_000;
    static final int ECHO_CLIENTS = 8;
    static final int ROUND_TRIPS = 500;

    @Test
    void aStormOfShortConnectionsIsServedAndLeavesNothingBehind() throws Exception {
        ConnectionStorm.Result storm = ConnectionStorm.run(server, STORM, CLIENT_THREADS);
        Report.line("connection storm", "%s (close at once, request then close, round trip, reset; %d client"
                + " threads, 1 poller); %d served", storm, CLIENT_THREADS, server.accepted.get() - 1);
        // a connection reset by its client while it waits in the accept queue may never be served;
        // every other one must be, and the health check's too
        long resets = STORM / ConnectionStorm.KINDS;
        assertTrue(server.accepted.get() >= STORM - resets + 1, "connections served: " + server.accepted.get());
        assertRecovered("connection storm");
    }

    @Test
    void idleConnectionsCostLittleAndDoNotSlowTheBusyOnes() throws Exception {
        Latency alone = IdleConnections.echo(server, ECHO_CLIENTS, ROUND_TRIPS);
        Resources before = Resources.measure(server.mcache);
        List<SocketChannel> idle = IdleConnections.open(server, IDLE);
        Latency beside;
        Resources holding;
        try {
            holding = Resources.measure(server.mcache);
            beside = IdleConnections.echo(server, ECHO_CLIENTS, ROUND_TRIPS);
        } finally {
            IdleConnections.closeAll(idle);
        }
        long heapPer = (holding.heapAfterGc() - before.heapAfterGc()) / IDLE;
        long directPer = (holding.direct() - before.direct()) / IDLE;
        Report.line("idle connections", "%d idle held (both ends in this JVM): heap after GC %+d B and direct memory %+d B"
                + " per connection, buffers lent %d; %d echo clients alone: %s; beside the idle ones: %s",
                IDLE, heapPer, directPer, holding.outstanding(), ECHO_CLIENTS, alone, beside);
        assertEquals(0, holding.outstanding(), "an idle connection must hold no buffer");
        assertRecovered("idle connections");
    }
}
