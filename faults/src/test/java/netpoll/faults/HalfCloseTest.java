package netpoll.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Peers that send their requests and then shut down their output (a half-close). */
@Tag("fast")
class HalfCloseTest extends FaultTestBase {

    static final int CONNECTIONS = 50;
    static final int REQUESTS = 20;
    static final int MAX_PAYLOAD = 4096;
    static final int EOF_WAIT_MILLIS = 10_000;

    @Test
    void everyRequestSentBeforeAHalfCloseIsAnsweredThenTheServerCloses() throws Exception {
        Random random = new Random(3);
        int answered = 0;
        for (int c = 0; c < CONNECTIONS; c++) {
            try (SocketChannel ch = server.connect()) {
                List<byte[]> sent = new ArrayList<>();
                ByteBuffer all = ByteBuffer.allocate(REQUESTS * (Integer.BYTES + MAX_PAYLOAD));
                for (int i = 0; i < REQUESTS; i++) {
                    byte[] p = Frames.payload(random, random.nextInt(MAX_PAYLOAD));
                    sent.add(p);
                    all.put(Frames.frame(p));
                }
                Frames.writeFully(ch, all.flip());
                ch.shutdownOutput();
                for (byte[] p : sent) {
                    assertArrayEquals(p, Frames.readFrame(ch), "answer to a request sent before the half-close");
                    answered++;
                }
                ch.socket().setSoTimeout(EOF_WAIT_MILLIS);
                try (InputStream in = ch.socket().getInputStream()) {
                    assertEquals(-1, in.read(), "the server must close once every buffered request is answered");
                }
            }
        }
        Report.line("half-close", "%d connections each sent %d requests then shut down output: %d answered of %d,"
                + " then EOF on every one", CONNECTIONS, REQUESTS, answered, CONNECTIONS * REQUESTS);
        assertRecovered("half-close");
    }
}
