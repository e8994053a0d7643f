package netpoll.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The nocopy write side of a stream of bytes: Go netpoll's {@code Writer}.
 *
 * <p>Bytes are staged by {@link #malloc}, the {@code write…} methods, {@link #writeDirect} and
 * {@link #append}, and become visible to the other side (the socket, or a buffer's reader) only
 * on {@link #flush()}, all at once and in order.
 *
 * <h2>Buffer ownership</h2>
 * <ul>
 * <li>{@link #malloc} lends the caller a region of the writer's pooled memory: fill it before
 *     {@code flush()} and do not touch it after. All {@code n} bytes are committed at
 *     {@code flush()}, whatever the caller did to the position; {@link #mallocAck} shrinks what
 *     was malloc'ed since the last flush.</li>
 * <li>{@link #writeBinary(byte[])}, {@link #writeBinary(ByteBuffer)} and {@link #writeDirect}
 *     may link the caller's memory in without copying (large sources are linked, small ones are
 *     copied): the caller must not change the source until {@code flush()} has returned.</li>
 * <li>{@link #append} takes the other writer's staged bytes without copying; the other writer
 *     is empty afterwards and the bytes belong to this one.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * The writer has one owner at a time: the thread that stages and flushes. On a
 * {@link Connection}, a second thread flushing while a flush is under way fails with
 * {@link ConcurrentAccessException} rather than mixing the streams; threads that share one
 * connection use {@link java.nio.channels.WritableByteChannel#write} (safe from any thread) or a
 * mux queue. A writer and a {@link Reader} on the same object may work at the same time.
 *
 * <h2>Arguments</h2>
 * A length of 0 stages nothing; a negative length throws {@link IllegalArgumentException}.
 * Integers are written big-endian (network order).
 */
@ProviderType
public interface Writer {

    /**
     * Lends {@code n} writable bytes of the writer's memory, to be filled before
     * {@link #flush()}.
     *
     * @param n how many bytes to stage, 0 or more
     * @return a buffer whose position-to-limit spans exactly {@code n} bytes (position 0)
     */
    ByteBuffer malloc(int n);

    /**
     * Stages {@code s} as UTF-8.
     *
     * @param s the text
     * @return how many bytes were staged
     */
    default int writeString(String s) {
        return writeString(s, StandardCharsets.UTF_8);
    }

    /**
     * Stages {@code s} in the given charset.
     *
     * @param s the text
     * @param charset the charset to encode with
     * @return how many bytes were staged
     */
    int writeString(String s, Charset charset);

    /**
     * Stages the whole array; a large array may be linked in without copying, so it must not
     * change before {@link #flush()}.
     *
     * @param b the bytes
     * @return {@code b.length}
     */
    int writeBinary(byte[] b);

    /**
     * Stages the source's remaining bytes and advances its position to its limit; a large source
     * may be linked in without copying, so its content must not change before {@link #flush()}.
     *
     * @param src the bytes, from position to limit
     * @return how many bytes were staged
     */
    int writeBinary(ByteBuffer src);

    /**
     * Stages one byte.
     *
     * @param b the byte
     */
    void writeByte(byte b);

    /**
     * Stages a big-endian 16-bit integer.
     *
     * @param v the value
     */
    void writeShort(short v);

    /**
     * Stages a big-endian 32-bit integer.
     *
     * @param v the value
     */
    void writeInt(int v);

    /**
     * Stages a big-endian 64-bit integer.
     *
     * @param v the value
     */
    void writeLong(long v);

    /**
     * Inserts the source's remaining bytes, without copying, into the region most recently
     * lent by {@link #malloc}, {@code remainCap} bytes before its end: Go's
     * {@code WriteDirect}. {@code buf = malloc(a + b); writeDirect(p, b)} stages the first
     * {@code a} bytes of {@code buf}, then {@code p}, then the last {@code b} bytes of
     * {@code buf}: the same as {@code malloc(a); writeBinary(p); malloc(b)} with one allocation.
     * The source must not change before {@link #flush()}.
     *
     * @param src the bytes to insert, from position to limit; its position moves to its limit
     * @param remainCap how many bytes of the last malloc'ed region follow the insertion point
     * @throws IllegalArgumentException when {@code remainCap} is negative or larger than the
     *     last malloc'ed region still not written past
     */
    void writeDirect(ByteBuffer src, int remainCap);

    /**
     * Keeps the first {@code n} bytes staged since the last {@link #flush()} and drops the rest.
     *
     * @param n how many staged bytes to keep
     * @throws IllegalArgumentException when {@code n} is negative or more than
     *     {@link #mallocLength()}
     */
    void mallocAck(int n);

    /**
     * Moves every byte staged in {@code other} to the end of this writer's staged bytes without
     * copying (a zero-copy splice). {@code other} is empty afterwards. Both writers must be of
     * the same implementation family (a connection's writer and a {@code LinkBuffer} are).
     *
     * @param other the writer to take the staged bytes of
     * @throws IllegalArgumentException when {@code other} is this writer or of a foreign
     *     implementation
     */
    void append(Writer other);

    /**
     * Makes every staged byte visible to the other side, in order, and starts a new staging
     * area. On a connection this writes to the socket from the calling thread and returns when
     * every byte has been handed to the operating system.
     *
     * @throws WriteTimeoutException when the peer does not take the bytes within the write
     *     timeout
     * @throws ConnectionClosedException when the connection was closed before or during the flush
     * @throws ConcurrentAccessException when another thread is flushing the same connection
     * @throws IOException for any other failure of the socket
     */
    void flush() throws IOException;

    /**
     * How many bytes are staged and not yet flushed.
     *
     * @return the staged length
     */
    int mallocLength();
}
