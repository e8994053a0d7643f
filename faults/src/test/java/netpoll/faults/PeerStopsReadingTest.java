package netpoll.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A peer that sends requests and never reads the answers: the server's flush waits for a full
 * socket until the write timeout, then that connection is closed; other clients do not notice.
 */
@Tag("fast")
class PeerStopsReadingTest extends FaultTestBase {

    static final Duration WRITE_TIMEOUT = Duration.ofMillis(500);
    static final int REQUEST_BYTES = 1 << 20;
    /** Far more answer bytes than the socket buffers between the two ends can hold. */
    static final int REQUESTS = 12;
    static final int SMALL_RECEIVE_BUFFER = 4096;
    static final int PROBES = 2000;
    static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    @Override
    ServerUnderTest.Settings settings() {
        return ServerUnderTest.with().writeTimeout(WRITE_TIMEOUT);
    }

    @Test
    void aFlushToAPeerThatStoppedReadingTimesOutAndClosesOnlyThatConnection() throws Exception {
        Latency during;
        long closedAfterNanos;
        try (LogCapture log = new LogCapture(false); SocketChannel stuck = SocketChannel.open()) {
            stuck.setOption(StandardSocketOptions.SO_RCVBUF, SMALL_RECEIVE_BUFFER);
            stuck.connect(server.address());
            stuck.configureBlocking(false);
            ByteBuffer requests = ByteBuffer.allocate(REQUESTS * (Integer.BYTES + REQUEST_BYTES));
            for (int i = 0; i < REQUESTS; i++) {
                requests.putInt(REQUEST_BYTES).position(requests.position() + REQUEST_BYTES);
            }
            requests.flip();
            long start = System.nanoTime();
            long deadline = start + CLOSE_WAIT.toNanos();
            while (requests.hasRemaining() && System.nanoTime() < deadline) {
                try {
                    stuck.write(requests);
                } catch (IOException reset) {
                    break;
                }
            }
            during = SlowlorisTest.probe(server, PROBES);
            while (server.open.size() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            closedAfterNanos = System.nanoTime() - start;
            assertTrue(server.open.isEmpty(), "the server kept the connection of a peer that stopped reading");
            assertTrue(log.awaitLogged("a flush timed out", 1, CLOSE_WAIT), "no write timeout logged:\n" + log.text());
        }
        Report.line("peer stops reading", "%d x %d KiB requests, answers never read: closed %d ms after the first"
                + " request (write timeout %d ms, reason logged); another client meanwhile: %s", REQUESTS,
                REQUEST_BYTES >> 10, TimeUnit.NANOSECONDS.toMillis(closedAfterNanos), WRITE_TIMEOUT.toMillis(), during);
        assertRecovered("peer stops reading");
    }
}
