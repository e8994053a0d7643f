package netpoll.faults;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Random;

/** The echo wire protocol over plain blocking {@link SocketChannel}s: a 4-byte length, then the bytes. */
final class Frames {

    private Frames() {
    }

    static byte[] payload(Random random, int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        return b;
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
                throw new EOFException("the server closed the connection with " + b.remaining() + " bytes of a"
                        + " response missing");
            }
        }
    }

    /** Reads one response; @return its payload */
    static byte[] readFrame(SocketChannel ch) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(Integer.BYTES);
        readFully(ch, header);
        ByteBuffer body = ByteBuffer.allocate(header.getInt(0));
        readFully(ch, body);
        return body.array();
    }
}
