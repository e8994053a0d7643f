package netpoll.api;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.time.Duration;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A connection served by a transport's pollers: Go netpoll's {@code Connection}.
 *
 * <p>It is its own nocopy {@link Reader} and {@link Writer} (see their javadoc for blocking and
 * buffer ownership) and a {@link ByteChannel}, so any {@code java.nio} code can use it as it
 * would a {@code SocketChannel}.
 *
 * <h2>Life cycle</h2>
 * <pre>
 *   open, active ──peer hangs up (EOF, reset)──▶ open, inactive ──close()──▶ closed
 *        │                                                                      ▲
 *        └──────────────close(), an error, a limit, a timeout on flush──────────┘
 * </pre>
 * {@link #isActive()} is true only in the first state; {@link #isOpen()} is true until
 * {@link #close()} (or a fatal error) ends the connection. After the peer hangs up the bytes it
 * sent before are still readable; then reads throw {@link java.io.EOFException}.
 *
 * <h2>Threads</h2>
 * <ul>
 * <li>One reader and one writer may work at the same time (see {@link Reader}, {@link Writer}).
 *     A second concurrent {@link #flush()} fails with {@link ConcurrentAccessException}.</li>
 * <li>{@link #write(ByteBuffer)} copies, and is safe from any thread: concurrent calls are
 *     serialized, each call's bytes stay together, and they never interleave with a nocopy
 *     flush.</li>
 * <li>Everything else ({@link #isActive()}, the setters, {@link #addCloseCallback},
 *     {@link #pauseRead()}, {@link #resumeRead()}, {@link #close()}, the address getters) is safe
 *     from any thread at any time.</li>
 * </ul>
 *
 * <h2>Errors</h2>
 * Failures are the JDK's exception types or subclasses of them ({@link java.io.EOFException},
 * {@link ReadTimeoutException}, {@link WriteTimeoutException},
 * {@link ConnectionClosedException}); every message names the connection's local and remote
 * addresses and what was being waited for.
 */
@ProviderType
public interface Connection extends ReadWriter, ByteChannel {

    /**
     * The nocopy reader of this connection (the connection itself in the NIO transport).
     *
     * @return the reader
     */
    Reader reader();

    /**
     * The nocopy writer of this connection (the connection itself in the NIO transport).
     *
     * @return the writer
     */
    Writer writer();

    /**
     * Whether the connection is open and its peer has not hung up, as the poller last saw it.
     * It reads a flag; it makes no system call, so a pool may ask on every borrow.
     *
     * @return true while the connection is usable in both directions
     */
    boolean isActive();

    /**
     * Sets how long a read waits for enough bytes before it throws
     * {@link ReadTimeoutException}; {@code null} or {@link Duration#ZERO} means no limit.
     * Applies to reads that start after the call.
     *
     * @param timeout the limit, or null/zero for none
     * @throws IllegalArgumentException when negative
     */
    void setReadTimeout(Duration timeout);

    /**
     * Sets how long a flush or {@link #write(ByteBuffer)} waits for a peer that does not read
     * before it throws {@link WriteTimeoutException} and closes the connection; {@code null} or
     * {@link Duration#ZERO} means no limit.
     *
     * @param timeout the limit, or null/zero for none
     * @throws IllegalArgumentException when negative
     */
    void setWriteTimeout(Duration timeout);

    /**
     * Sets TCP keep-alive as Go netpoll does: probes start after {@code timeout} of silence and
     * repeat at the same interval ({@code jdk.net.ExtendedSocketOptions} where the JDK has them,
     * plain {@code SO_KEEPALIVE} otherwise). {@code null} or {@link Duration#ZERO} turns keep-alive
     * off. No effect on Unix domain sockets.
     *
     * @param timeout the idle time before probing, or null/zero for off
     * @throws IllegalArgumentException when negative
     * @throws java.io.UncheckedIOException when the socket refuses the option
     */
    void setIdleTimeout(Duration timeout);

    /**
     * Sets the most bytes this connection may hold unread. When the peer sends more, the
     * connection is closed and the reason logged (and given to a waiting reader); it never grows
     * past the limit. Zero means the transport's default.
     *
     * @param maxBytes the limit in bytes, 0 for the default
     * @throws IllegalArgumentException when negative
     */
    void setMaxInputBytes(int maxBytes);

    /**
     * Makes this connection event-driven: {@code onRequest} runs on a worker, with
     * {@code context}, whenever it has unread input, as on a server connection. On a server
     * connection it replaces the event loop's handler and context. See {@link OnRequest} for
     * the guarantees.
     *
     * @param <C> the type of the context
     * @param onRequest the handler; {@code null} stops event-driven reading (bytes stay buffered)
     * @param context what the handler is given, may be null
     */
    <C> void setOnRequest(OnRequest<C> onRequest, C context);

    /**
     * Adds a callback run once when the connection closes, for whatever reason. Callbacks run
     * newest first, never while an {@link OnRequest} of this connection is running, and each
     * one runs even if an earlier one threw. A callback added after the close runs at once on
     * the calling thread.
     *
     * @param callback what to run
     */
    void addCloseCallback(CloseCallback callback);

    /**
     * Stops reading from the socket: bytes the peer sends stay in the kernel, and TCP flow
     * control slows the peer down (back-pressure). Buffered bytes can still be read. Idempotent.
     */
    void pauseRead();

    /**
     * Resumes reading from the socket after {@link #pauseRead()}. Idempotent.
     */
    void resumeRead();

    /**
     * The local address of the socket.
     *
     * @return an {@link java.net.InetSocketAddress} or a
     *     {@link java.net.UnixDomainSocketAddress}
     */
    SocketAddress localAddress();

    /**
     * The address of the peer.
     *
     * @return an {@link java.net.InetSocketAddress} or a
     *     {@link java.net.UnixDomainSocketAddress}
     */
    SocketAddress remoteAddress();

    /**
     * Reads into {@code dst} what is buffered, waiting (up to the read timeout) for at least one
     * byte if nothing is; a copy, for {@code java.nio} code.
     *
     * @param dst where the bytes go
     * @return how many bytes were read, or -1 when the peer has hung up and nothing is buffered
     * @throws IOException as {@link Reader#next(int)} does, except at end of stream
     */
    @Override
    int read(ByteBuffer dst) throws IOException;

    /**
     * Writes every remaining byte of {@code src} (a copy) and flushes; safe from any thread,
     * see the class comment.
     *
     * @param src the bytes, from position to limit; its position moves to its limit
     * @return how many bytes were written
     * @throws IOException as {@link Writer#flush()} does
     */
    @Override
    int write(ByteBuffer src) throws IOException;

    /**
     * Closes the connection: the socket is closed, blocked readers and writers fail with
     * {@link ConnectionClosedException}, the close callbacks run, and every buffer goes back to
     * its pool. Idempotent.
     *
     * @throws IOException never in the NIO transport; declared by {@link java.io.Closeable}
     */
    @Override
    void close() throws IOException;
}
