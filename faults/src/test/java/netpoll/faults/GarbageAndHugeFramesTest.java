package netpoll.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Peers that send random bytes or length headers no server can honour: 2 GiB, negative, just
 * over the input cap. The connection is closed with a logged reason, and the server never
 * buffers more than its input cap for it (Go netpoll keeps buffering whatever arrives).
 */
@Tag("fast")
class GarbageAndHugeFramesTest extends FaultTestBase {

    static final int INPUT_CAP = 1 << 20;
    static final int GARBAGE_CONNECTIONS = 200;
    static final int MAX_GARBAGE = 4096;
    /** What a peer announcing a huge frame tries to push after its header. */
    static final long PUSH_BYTES = 64L << 20;
    static final int PUSH_CHUNK = 64 << 10;
    static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    /** In both the handler's reason (a read asked for more) and the poller's (the peer sent more). */
    static final String CAP_REASON = "than the input cap";
    static final String NEGATIVE_REASON = "negative length";
    /**
     * How many close reasons a poller logs per 10 s before it only counts them (netpoll.nio's
     * close log; the server under test has one poller): a garbage flood must not flood the log.
     */
    static final int CLOSE_LOG_BURST = 20;

    @Override
    ServerUnderTest.Settings settings() {
        return ServerUnderTest.with().maxInputBytes(INPUT_CAP);
    }

    @Test
    void randomBytesAreRefusedWithALoggedReasonOrWaitForTheirFrame() throws Exception {
        Random random = new Random(5);
        int negative = 0;
        int tooLong = 0;
        int waiting = 0;
        int logged;
        try (LogCapture log = new LogCapture(false)) {
            for (int i = 0; i < GARBAGE_CONNECTIONS; i++) {
                byte[] garbage = Frames.payload(random, Integer.BYTES + random.nextInt(MAX_GARBAGE));
                if (i % 2 == 0) {
                    // a plausible length, longer than the junk that follows it
                    ByteBuffer.wrap(garbage).putInt(MAX_GARBAGE + random.nextInt(INPUT_CAP - MAX_GARBAGE));
                }
                int header = ByteBuffer.wrap(garbage).getInt();
                try (SocketChannel ch = server.connect()) {
                    Frames.writeFully(ch, ByteBuffer.wrap(garbage));
                    if (header < 0) {
                        negative++;
                    } else if (header > INPUT_CAP - Integer.BYTES) {
                        tooLong++;
                    } else {
                        // the handler waits for the rest of the frame until the peer leaves
                        waiting++;
                        continue;
                    }
                    assertTrue(closedByServer(ch), "garbage with header " + header + " was not refused");
                }
            }
            // every refused connection was closed (above); its reason is logged while the burst lasts
            assertTrue(log.awaitLogged(NEGATIVE_REASON, 1, CLOSE_WAIT), log.text());
            assertTrue(log.awaitLogged(CAP_REASON, 1, CLOSE_WAIT), log.text());
            logged = log.count(" closed: ");
            assertEquals(Math.min(CLOSE_LOG_BURST, negative + tooLong), logged,
                    "close reasons logged for " + (negative + tooLong) + " refused connections:\n" + log.text());
        }
        Report.line("garbage", "%d connections of random bytes: %d negative headers and %d over the %d KiB cap"
                + " closed, %d of their reasons logged (the rest counted, not logged), %d plausible headers waited"
                + " for their frame until the peer left", GARBAGE_CONNECTIONS, negative, tooLong, INPUT_CAP >> 10,
                logged, waiting);
        assertRecovered("garbage");
    }

    @Test
    void aTwoGibibyteHeaderIsRefusedWithoutBuffering() throws Exception {
        refusesHeader(Integer.MAX_VALUE, CAP_REASON, "2 GiB - 1 header");
    }

    @Test
    void aHeaderOfTwoGibibytesUnsignedReadsNegativeAndIsRefused() throws Exception {
        refusesHeader(Integer.MIN_VALUE, NEGATIVE_REASON, "0x80000000 header");
    }

    @Test
    void aNegativeHeaderIsRefused() throws Exception {
        refusesHeader(-1, NEGATIVE_REASON, "-1 header");
    }

    // A negative header is refused by the handler's read; when the peer pushes faster than the
    // handler is scheduled, the poller's input cap may close the connection first. Either way it
    // is closed with a logged reason and nothing past the cap is buffered.

    @Test
    void aFrameOneByteOverTheInputCapIsRefused() throws Exception {
        refusesHeader(INPUT_CAP + 1, CAP_REASON, "header of cap + 1");
    }

    @Test
    void aFrameThatFillsTheInputCapIsEchoed() throws Exception {
        // the cap counts unread bytes, header included: the poller may buffer the whole frame
        // before the handler has read its header
        byte[] p = Frames.payload(new Random(6), INPUT_CAP - Integer.BYTES);
        try (SocketChannel ch = server.connect()) {
            Frames.writeFully(ch, Frames.frame(p));
            assertArrayEquals(p, Frames.readFrame(ch), "a frame as long as the cap is legal");
        }
        assertRecovered("frame at the input cap");
    }

    /**
     * Sends {@code header} and then pushes bytes until the server closes: the server must close
     * before it has buffered more than its input cap, and log why.
     */
    private void refusesHeader(int header, String reason, String what) throws Exception {
        long pushed = 0;
        long lentPeak = 0;
        String logged;
        try (LogCapture log = new LogCapture(false); SocketChannel ch = server.connect()) {
            Frames.writeFully(ch, ByteBuffer.allocate(Integer.BYTES).putInt(header).flip());
            ch.configureBlocking(false);
            ByteBuffer chunk = ByteBuffer.allocate(PUSH_CHUNK);
            long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
            try {
                while (pushed < PUSH_BYTES && System.nanoTime() < deadline) {
                    chunk.clear();
                    pushed += ch.write(chunk);
                    lentPeak = Math.max(lentPeak, server.mcache.reservedBytes() - server.mcache.cachedBytes());
                    if (ch.read(ByteBuffer.allocate(1)) < 0) {
                        break;
                    }
                }
            } catch (IOException reset) {
                // the server closed with unread bytes in its socket: a reset, as expected
            }
            ch.configureBlocking(true);
            assertTrue(closedByServer(ch), what + ": the server did not close the connection");
            logged = log.awaitAnyLogged(CLOSE_WAIT, reason, CAP_REASON);
            assertTrue(logged != null, what + ": neither \"" + reason + "\" nor \"" + CAP_REASON + "\" logged:\n"
                    + log.text());
        }
        assertTrue(pushed < PUSH_BYTES, what + ": the server took all " + pushed + " bytes");
        assertTrue(lentPeak <= 2L * INPUT_CAP, what + ": the server's buffers in use grew to "
                + Resources.mib(lentPeak) + " with an input cap of " + Resources.mib(INPUT_CAP));
        Report.line("huge frame", "%s: closed with \"%s\" logged after the peer pushed %s; server buffers in use"
                + " peaked at %s (input cap %s)", what, logged, Resources.mib(pushed), Resources.mib(lentPeak),
                Resources.mib(INPUT_CAP));
        assertRecovered("huge frame, " + what);
    }

    /** @return true when the server closes the connection within {@link #CLOSE_WAIT} */
    static boolean closedByServer(SocketChannel ch) throws IOException {
        ch.socket().setSoTimeout((int) CLOSE_WAIT.toMillis());
        try {
            byte[] drain = new byte[PUSH_CHUNK];
            while (ch.socket().getInputStream().read(drain) >= 0) {
                assertEquals(0, 1, "the server answered a frame it should have refused");
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
