package netpoll.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The slowloris attack on a handler that blocks in its reads until a frame is whole
 * ({@link EchoHandler#BLOCKING}, unlike the example's): each slow peer parks a worker, so more slow peers than workers
 * would stop the server for everyone. A read timeout bounds that: a handler that waited longer
 * fails with ReadTimeoutException, its connection is closed, and its worker is free again.
 */
@Tag("fast")
class SlowlorisBlockingHandlerTest extends FaultTestBase {

    /** More than the worker pool's default capacity (256). */
    static final int ATTACKERS = 300;
    static final Duration READ_TIMEOUT = Duration.ofMillis(300);
    static final int PROBES = 200;
    /** A probe waits at most the read timeout for a worker, plus this much for everything else. */
    static final Duration PROBE_SLACK = Duration.ofSeconds(2);

    @Override
    ServerUnderTest.Settings settings() {
        return ServerUnderTest.with().handler(EchoHandler.BLOCKING).readTimeout(READ_TIMEOUT);
    }

    @Test
    void aReadTimeoutFreesTheWorkersThatSlowPeersPark() throws Exception {
        List<SocketChannel> attackers = new ArrayList<>();
        Latency during;
        int closedByServer = 0;
        try (LogCapture log = new LogCapture(false)) {
            try {
                for (int i = 0; i < ATTACKERS; i++) {
                    SocketChannel a = server.connect();
                    attackers.add(a);
                    // a header announcing 1000 bytes and the first of them: the handler parks
                    Frames.writeFully(a, ByteBuffer.allocate(Integer.BYTES + 1).putInt(1000).put((byte) 1).flip());
                }
                during = SlowlorisTest.probe(server, PROBES);
                for (SocketChannel a : attackers) {
                    closedByServer += closedByServer(a) ? 1 : 0;
                }
            } finally {
                for (SocketChannel a : attackers) {
                    a.close();
                }
            }
            Report.line("slowloris, blocking handler", "%d peers each holding a worker with 1 of 1000 bytes;"
                    + " read timeout %d ms; normal client during: %s, max %s; %d of the slow peers closed by the"
                    + " server (%d of their read timeouts logged, the rest counted by the close log's rate limit)",
                    ATTACKERS, READ_TIMEOUT.toMillis(), during,
                    Report.millis(during.percentile(1.0)), closedByServer,
                    log.count("closed: its OnRequest threw netpoll.api.ReadTimeoutException"));
        }
        assertEquals(ATTACKERS, closedByServer, "slow peers the read timeout did not close");
        assertTrue(during.percentile(1.0) < READ_TIMEOUT.plus(PROBE_SLACK).toNanos(),
                "a normal request waited " + Report.millis(during.percentile(1.0)) + " for a worker");
        assertRecovered("slowloris, blocking handler");
    }

    /** @return true once the server closed it (bounded wait: the read timeout is short) */
    private static boolean closedByServer(SocketChannel a) throws IOException {
        a.socket().setSoTimeout((int) READ_TIMEOUT.plus(PROBE_SLACK).toMillis());
        try {
            return a.socket().getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
