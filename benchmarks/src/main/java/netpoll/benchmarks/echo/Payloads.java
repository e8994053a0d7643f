package netpoll.benchmarks.echo;

import java.nio.ByteBuffer;

/**
 * Request payloads that can be checked byte by byte: the first 8 bytes hold the request id
 * (big-endian), every later byte is a function of the id and its index. A response that is
 * short, long, from another request or corrupted anywhere fails {@link #check}. Carrying the id
 * in the payload keeps the wire protocol unchanged and lets a multiplexing client match
 * responses that arrive out of order.
 *
 * <p>Stateless; safe from any thread.
 */
public final class Payloads {

    /** The smallest payload: room for the id. */
    public static final int MIN_BYTES = Long.BYTES;

    private static final int ID_MIX = 0x9E37;
    private static final int INDEX_MIX = 31;

    private Payloads() {
    }

    /**
     * Fills {@code payload} with the content of request {@code id}.
     *
     * @param payload the array to fill, at least {@link #MIN_BYTES} long
     * @param id the request id
     * @throws IllegalArgumentException when the array is shorter than {@link #MIN_BYTES}
     */
    public static void fill(byte[] payload, long id) {
        checkSize(payload.length);
        ByteBuffer.wrap(payload).putLong(0, id);
        int seed = seed(id);
        for (int i = MIN_BYTES; i < payload.length; i++) {
            payload[i] = patternByte(seed, i);
        }
    }

    /**
     * The request id a payload (or its echo) carries.
     *
     * @param payload a payload of at least {@link #MIN_BYTES}
     * @return the id
     */
    public static long idOf(byte[] payload) {
        return ByteBuffer.wrap(payload).getLong(0);
    }

    /**
     * Checks every byte of a response.
     *
     * @param response the response payload
     * @param expectedSize the size the request had
     * @param expectedId the id of the request
     * @return null when the response is the echo of that request, otherwise what is wrong
     */
    public static String check(byte[] response, int expectedSize, long expectedId) {
        if (response.length != expectedSize) {
            return "response has " + response.length + " bytes, request had " + expectedSize;
        }
        long id = idOf(response);
        if (id != expectedId) {
            return "response carries request id " + id + ", expected " + expectedId;
        }
        int seed = seed(id);
        for (int i = MIN_BYTES; i < response.length; i++) {
            if (response[i] != patternByte(seed, i)) {
                return "response byte " + i + " of request " + id + " is " + response[i]
                        + ", expected " + patternByte(seed, i);
            }
        }
        return null;
    }

    /**
     * Checks a payload size given on a command line.
     *
     * @param size the payload size in bytes
     * @return {@code size}
     * @throws IllegalArgumentException when it cannot hold an id or exceeds the protocol's limit
     */
    public static int checkSize(int size) {
        if (size < MIN_BYTES || size > EchoProtocol.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payload size " + size + " outside " + MIN_BYTES
                    + ".." + EchoProtocol.MAX_PAYLOAD_BYTES + " (the first " + MIN_BYTES
                    + " bytes carry the request id)");
        }
        return size;
    }

    private static int seed(long id) {
        return (int) (id ^ (id >>> Integer.SIZE)) * ID_MIX;
    }

    private static byte patternByte(int seed, int index) {
        return (byte) (seed + index * INDEX_MIX);
    }
}
