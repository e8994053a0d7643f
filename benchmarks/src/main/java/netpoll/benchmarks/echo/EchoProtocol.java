package netpoll.benchmarks.echo;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ProtocolException;

/**
 * The echo wire protocol of netpoll-benchmark (DESIGN.md): each message is a 4-byte big-endian
 * length N followed by N payload bytes. A server decodes each request into its own memory and
 * encodes a new response with the same payload; request and response never share a buffer.
 *
 * <p>Stateless; safe from any thread.
 */
public final class EchoProtocol {

    /** Bytes of the length header. */
    public static final int HEADER_BYTES = Integer.BYTES;

    /** The largest payload a peer may announce; a larger length is a protocol error. */
    public static final int MAX_PAYLOAD_BYTES = 16 << 20;

    private static final int BYTE_MASK = 0xFF;
    private static final int BITS_PER_BYTE = 8;

    private EchoProtocol() {
    }

    /**
     * Checks a length read from the wire.
     *
     * @param length the announced payload length
     * @return {@code length}
     * @throws ProtocolException naming the length when it is negative or above
     *     {@link #MAX_PAYLOAD_BYTES}
     */
    public static int checkLength(int length) throws ProtocolException {
        if (length < 0 || length > MAX_PAYLOAD_BYTES) {
            throw new ProtocolException("echo frame announces " + length
                    + " payload bytes, outside 0.." + MAX_PAYLOAD_BYTES);
        }
        return length;
    }

    /**
     * Encodes one frame into a new array: header, then a copy of the payload.
     *
     * @param payload the payload
     * @return the frame, {@code HEADER_BYTES + payload.length} bytes
     */
    public static byte[] encode(byte[] payload) {
        byte[] frame = new byte[HEADER_BYTES + payload.length];
        putLength(frame, 0, payload.length);
        System.arraycopy(payload, 0, frame, HEADER_BYTES, payload.length);
        return frame;
    }

    /**
     * Writes a big-endian length header into {@code dst} at {@code offset}.
     *
     * @param dst the array
     * @param offset where the 4 header bytes go
     * @param length the payload length
     */
    public static void putLength(byte[] dst, int offset, int length) {
        for (int i = 0; i < HEADER_BYTES; i++) {
            dst[offset + i] = (byte) (length >>> (BITS_PER_BYTE * (HEADER_BYTES - 1 - i)));
        }
    }

    /**
     * Reads a big-endian length header from {@code src} at {@code offset} and checks it.
     *
     * @param src the array
     * @param offset where the 4 header bytes are
     * @return the payload length
     * @throws ProtocolException when the length is out of range
     */
    public static int getLength(byte[] src, int offset) throws ProtocolException {
        int length = 0;
        for (int i = 0; i < HEADER_BYTES; i++) {
            length = (length << BITS_PER_BYTE) | (src[offset + i] & BYTE_MASK);
        }
        return checkLength(length);
    }

    /**
     * Writes one frame (header and payload) to a stream without flushing it.
     *
     * @param out the stream, best buffered
     * @param payload the payload
     * @throws IOException when the stream fails
     */
    public static void writeFrame(OutputStream out, byte[] payload) throws IOException {
        byte[] header = new byte[HEADER_BYTES];
        putLength(header, 0, payload.length);
        out.write(header);
        out.write(payload);
    }

    /**
     * Reads one whole frame from a stream into a new array (the decoder's own memory).
     *
     * @param in the stream
     * @return the payload
     * @throws java.io.EOFException when the stream ends before a whole frame
     * @throws ProtocolException when the header announces an impossible length
     * @throws IOException when the stream fails
     */
    public static byte[] readFrame(DataInputStream in) throws IOException {
        int length = checkLength(in.readInt());
        byte[] payload = new byte[length];
        in.readFully(payload);
        return payload;
    }
}
