package netpoll.examples;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import netpoll.api.Connection;
import netpoll.api.Netpoll;

/**
 * Dials {@link EchoServer}, sends a few messages and prints the echoes.
 *
 * <pre>java -cp examples/target/netpoll-examples.jar netpoll.examples.EchoClient [host:port]</pre>
 */
public final class EchoClient {

    private static final int MESSAGES = 5;

    private EchoClient() {
    }

    /**
     * @param args optionally the server's address ({@code 127.0.0.1:8080})
     * @throws Exception when the server cannot be reached
     */
    public static void main(String[] args) throws Exception {
        String address = args.length > 0 ? args[0] : EchoServer.DEFAULT_ADDRESS;
        try (Connection conn = Netpoll.dialConnection("tcp", address, Duration.ofSeconds(1))) {
            conn.setReadTimeout(Duration.ofSeconds(1));   // a read waits at most this long
            for (int i = 1; i <= MESSAGES; i++) {
                byte[] message = ("hello netpoll #" + i).getBytes(StandardCharsets.UTF_8);

                // Stage the frame (nothing is sent yet) and flush it in one write.
                conn.writeInt(message.length);
                conn.writeBinary(message);
                conn.flush();

                // next(n) is a zero-copy view of the input; valid until release().
                int length = conn.readInt();
                ByteBuffer echo = conn.next(length);
                System.out.println("echo: " + StandardCharsets.UTF_8.decode(echo));
                conn.release();
            }
        }
    }
}
