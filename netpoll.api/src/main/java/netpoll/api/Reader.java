package netpoll.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The nocopy read side of a stream of bytes: Go netpoll's {@code Reader}.
 *
 * <h2>Blocking</h2>
 * On a {@link Connection}, a read that needs more bytes than are buffered blocks until enough
 * arrive, the read timeout passes ({@link ReadTimeoutException}), the peer closes its side
 * ({@link java.io.EOFException}, thrown only once the buffered bytes are drained), or the
 * connection is closed locally ({@link ConnectionClosedException}). On a standalone buffer (such
 * as {@code netpoll.mcache.LinkBuffer}) nothing more can arrive while the reader waits, so a read
 * with too few bytes throws {@link java.io.EOFException} at once and consumes nothing.
 *
 * <h2>Buffer ownership</h2>
 * {@link #next}, {@link #peek} and {@link #until} return views of the reader's memory, without
 * copying when the bytes lie in one underlying buffer. Each view is its own {@link ByteBuffer}
 * whose position is 0 and whose limit is exactly the bytes asked for; the caller may move its
 * position and limit, the reader never does. Several views may be held at once. <b>Every view
 * stays valid until the next {@link #release()}</b> and must not be touched after it: its memory
 * goes back to a pool and will hold other bytes. Views are read-only in meaning: writing into
 * one is undefined. Methods that return Java values ({@link #readBinary}, {@link #readString},
 * {@link #readByte} and the integer reads) copy, so their results outlive {@code release()}.
 * Consumed bytes are only given back to the pool by {@code release()}: a reader that never
 * calls it keeps every byte it has read.
 *
 * <h2>Threads</h2>
 * One thread reads at a time (the reader). A reader and a {@link Writer} on the same object may
 * work at the same time. {@link #length()} may be called from any thread; its answer may be
 * stale at once, but never larger than what can be read.
 *
 * <h2>Arguments</h2>
 * A length of 0 gives an empty result and consumes nothing; a negative length throws
 * {@link IllegalArgumentException}. Integers are big-endian (network order).
 */
@ProviderType
public interface Reader {

    /**
     * Reads the next {@code n} bytes and returns them as a view (see the class comment for how
     * long it stays valid).
     *
     * @param n how many bytes to read, 0 or more
     * @return a view of exactly {@code n} bytes, position 0, limit {@code n}
     * @throws IOException when fewer than {@code n} bytes are or will become available (see the
     *     class comment for which exception)
     */
    ByteBuffer next(int n) throws IOException;

    /**
     * Returns a view of the next {@code n} bytes without consuming them.
     *
     * @param n how many bytes to look at, 0 or more
     * @return a view of exactly {@code n} bytes, valid until the next {@link #release()}
     * @throws IOException when fewer than {@code n} bytes are or will become available
     */
    ByteBuffer peek(int n) throws IOException;

    /**
     * Consumes the next {@code n} bytes without looking at them.
     *
     * @param n how many bytes to skip, 0 or more
     * @throws IOException when fewer than {@code n} bytes are or will become available
     */
    void skip(int n) throws IOException;

    /**
     * Reads up to and including the first occurrence of {@code delim}.
     *
     * @param delim the byte that ends the result
     * @return a view that ends with {@code delim}, valid until the next {@link #release()}
     * @throws IOException when the stream ends (or, on a standalone buffer, the buffered bytes
     *     end) before {@code delim} appears; nothing is consumed then
     */
    ByteBuffer until(byte delim) throws IOException;

    /**
     * Reads {@code n} bytes as UTF-8 text.
     *
     * @param n how many bytes (not characters) to decode
     * @return the decoded text, a copy
     * @throws IOException when fewer than {@code n} bytes are or will become available
     */
    default String readString(int n) throws IOException {
        return readString(n, StandardCharsets.UTF_8);
    }

    /**
     * Reads {@code n} bytes as text in the given charset; malformed input is replaced, as
     * {@link String#String(byte[], Charset)} does.
     *
     * @param n how many bytes (not characters) to decode
     * @param charset the charset of the bytes
     * @return the decoded text, a copy
     * @throws IOException when fewer than {@code n} bytes are or will become available
     */
    String readString(int n, Charset charset) throws IOException;

    /**
     * Reads {@code n} bytes into a new array.
     *
     * @param n how many bytes to read
     * @return a new array of length {@code n}, a copy
     * @throws IOException when fewer than {@code n} bytes are or will become available
     */
    byte[] readBinary(int n) throws IOException;

    /**
     * Reads one byte.
     *
     * @return the byte
     * @throws IOException when no byte is or will become available
     */
    byte readByte() throws IOException;

    /**
     * Reads a big-endian 16-bit integer.
     *
     * @return the value
     * @throws IOException when fewer than 2 bytes are or will become available
     */
    short readShort() throws IOException;

    /**
     * Reads a big-endian 32-bit integer (the echo protocol's length header).
     *
     * @return the value
     * @throws IOException when fewer than 4 bytes are or will become available
     */
    int readInt() throws IOException;

    /**
     * Reads a big-endian 64-bit integer.
     *
     * @return the value
     * @throws IOException when fewer than 8 bytes are or will become available
     */
    long readLong() throws IOException;

    /**
     * Cuts the next {@code n} bytes off into a reader of their own, without copying, and
     * releases this reader (as {@link #release()} does: views taken before are invalid after).
     * The slice shares the underlying memory, which stays alive until both the slice and this
     * reader have released it; the slice is standalone (it never blocks) and its owner must call
     * {@link #release()} on it when done.
     *
     * @param n how many bytes the slice holds
     * @return a standalone reader of exactly {@code n} bytes
     * @throws IOException when fewer than {@code n} bytes are or will become available
     */
    Reader slice(int n) throws IOException;

    /**
     * Gives the memory of every consumed byte back to the pool. Every view returned before this
     * call becomes invalid. Unconsumed bytes are kept. Only the reader calls it.
     */
    void release();

    /**
     * How many bytes can be read now without blocking.
     *
     * @return the number of readable bytes
     */
    int length();
}
