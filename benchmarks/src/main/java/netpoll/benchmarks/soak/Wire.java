package netpoll.benchmarks.soak;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** The echo protocol over plain blocking sockets, for the soak's clients and faults. */
final class Wire {

    private Wire() {
    }

    static SocketChannel connect(InetSocketAddress address) throws IOException {
        SocketChannel ch = SocketChannel.open(address);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        return ch;
    }

    static ByteBuffer frame(byte[] payload) {
        return ByteBuffer.allocate(Integer.BYTES + payload.length).putInt(payload.length).put(payload).flip();
    }

    static void writeFully(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    static void readFully(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new EOFException("the server closed the connection");
            }
        }
    }

    /** One round trip; @return true when the answer is the request's payload */
    static boolean roundTrip(SocketChannel ch, byte[] payload) throws IOException {
        writeFully(ch, frame(payload));
        ByteBuffer header = ByteBuffer.allocate(Integer.BYTES);
        readFully(ch, header);
        ByteBuffer body = ByteBuffer.allocate(header.getInt(0));
        readFully(ch, body);
        return java.util.Arrays.equals(payload, body.array());
    }

    /** Closes with a reset (SO_LINGER 0) instead of a FIN. */
    static void reset(SocketChannel ch) throws IOException {
        ch.setOption(StandardSocketOptions.SO_LINGER, 0);
        ch.close();
    }
}
