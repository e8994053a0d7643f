package netpoll.nio.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import netpoll.api.Connection;
import netpoll.api.Reader;
import netpoll.api.Writer;
import netpoll.mcache.contract.ReaderContractTest;
import netpoll.mcache.contract.WriterContractTest;
import org.junit.jupiter.api.Nested;

/**
 * The Reader and Writer contracts of netpoll.mcache, run over a real dialed connection whose
 * peer is a plain loopback socket: bytes fed arrive through the poller, bytes flushed leave
 * through the socket.
 */
class ConnectionContractTest {

    /** A dialed connection and the plain socket at its other end. */
    private static final class Pair implements AutoCloseable {
        final TransportFixture transport = new TransportFixture("contract");
        final ServerSocketChannel server = ServerSocketChannel.open();
        final Connection connection;
        final SocketChannel peer;

        Pair() throws IOException {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            connection = transport.dial(server.getLocalAddress());
            peer = server.accept();
        }

        @Override
        public void close() throws IOException {
            peer.close();
            server.close();
            transport.close();
        }
    }

    @Nested
    class OverAConnectionTheReader extends ReaderContractTest {
        @Override
        protected ReaderFixture newFixture() throws Exception {
            Pair pair = new Pair();
            return new ReaderFixture() {
                @Override
                public Reader reader() {
                    return pair.connection;
                }

                @Override
                public void feed(byte[] bytes) throws IOException {
                    ByteBuffer b = ByteBuffer.wrap(bytes);
                    while (b.hasRemaining()) {
                        pair.peer.write(b);
                    }
                }

                @Override
                public void endOfStream() throws IOException {
                    pair.peer.shutdownOutput();
                }

                @Override
                public void close() throws IOException {
                    pair.close();
                }
            };
        }
    }

    @Nested
    class OverAConnectionTheWriter extends WriterContractTest {
        @Override
        protected WriterFixture newFixture() throws Exception {
            Pair pair = new Pair();
            return new WriterFixture() {
                @Override
                public Writer writer() {
                    return pair.connection;
                }

                @Override
                public byte[] readFlushed(int n) throws IOException {
                    ByteBuffer b = ByteBuffer.allocate(n);
                    while (b.hasRemaining()) {
                        if (pair.peer.read(b) < 0) {
                            throw new IOException("the connection closed after " + b.position() + " of " + n + " bytes");
                        }
                    }
                    return b.array();
                }

                @Override
                public void close() throws IOException {
                    pair.close();
                }
            };
        }
    }
}
