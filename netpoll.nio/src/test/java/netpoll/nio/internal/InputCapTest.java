package netpoll.nio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import netpoll.api.Connection;
import org.junit.jupiter.api.Test;

/** The input cap closes a connection only when the peer sends more than it, not when it is reached. */
class InputCapTest {

    private static final int CAP = 64 * 1024;

    @Test
    void exactlyTheCapOfUnreadBytesIsKeptAndReadable() throws Exception {
        try (TransportFixture f = new TransportFixture("capfull");
             ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            Connection c = f.dial(server.getLocalAddress());
            c.setMaxInputBytes(CAP);
            try (SocketChannel peer = server.accept()) {
                ByteBuffer bytes = ByteBuffer.allocate(CAP);
                while (bytes.hasRemaining()) {
                    peer.write(bytes);
                }
                // arrives in one readiness event, read in several reads of the adaptive size
                ByteBuffer all = c.next(CAP);
                assertEquals(CAP, all.remaining());
                c.release();
                assertTrue(c.isActive(), "a connection holding exactly its cap was closed");
            }
        }
    }
}
