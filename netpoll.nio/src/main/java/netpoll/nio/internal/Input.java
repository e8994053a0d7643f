package netpoll.nio.internal;

import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import netpoll.api.ReadTimeoutException;
import netpoll.api.Reader;
import netpoll.mcache.LinkBuffer;
import netpoll.mcache.Mcache;

/**
 * The input side of a {@link NioConnection}: its input buffer, the poller's reads into it, the
 * reader's wait for bytes, and the {@link Reader} calls, each counted in and out of the
 * connection's users (see {@link ConnectionUsers} for users and holds).
 *
 * <h2>Threads</h2>
 * <ul>
 * <li>Poller thread: {@link #fill} (the buffer's writer side) and {@link #wake}.</li>
 * <li>The reader (one thread at a time): the Reader calls and {@link #await}.</li>
 * <li>Any thread: {@link #buffered}, the settings.</li>
 * </ul>
 *
 * <h2>The buffer</h2>
 * Made on first use by the poller or the reader (a CAS, so both use the same one), so that an idle
 * connection holds none. Its memory nodes belong to the connection until {@link #free()}, which
 * the connection calls on the poller once no user is left.
 */
final class Input {

    /** Below this much room under the input cap, reads are limited to the room left. */
    private static final int ADAPTIVE_READ_ROOM = 1 << 20;
    private static final VarHandle BUFFER = Fields.handle(MethodHandles.lookup(), "buffer", LinkBuffer.class);

    private final NioConnection conn;
    private final Mcache mcache;
    /** Null until made; set once (CAS). */
    private volatile LinkBuffer buffer;
    /** Written by the reader, read by the poller (volatile: a Dekker pair with the buffer's length). */
    private volatile Thread waiter;
    private volatile int need;
    /** Written by any thread through the connection's setters, read by the reader and the poller. */
    volatile long timeoutNanos;
    volatile int maxBytes;

    Input(NioConnection conn, Mcache mcache, int maxBytes) {
        this.conn = conn;
        this.mcache = mcache;
        this.maxBytes = maxBytes;
    }

    /** @return the buffer, made now if no side has needed it yet */
    private LinkBuffer buffer() {
        LinkBuffer b = buffer;
        return b != null ? b : LazyBuffer.make(BUFFER, this, mcache);
    }

    /** Any thread: bytes buffered for the reader (0 before the buffer is made). */
    int buffered() {
        LinkBuffer b = buffer;
        return b == null ? 0 : b.length();
    }

    /** Poller thread, once no user is left: gives the buffer's memory back. */
    void free() {
        LazyBuffer.free(buffer);
    }

    // ---------------------------------------------------------------- poller side

    /** Poller thread: how many more bytes the input cap lets in (0 or less: none). */
    int room() {
        return maxBytes - buffered();
    }

    /**
     * Poller thread: reads what the socket has, at most {@code room} bytes.
     *
     * @return the bytes read, or -1 at the peer's EOF
     * @throws IOException when the read fails (a reset)
     */
    int fill(SocketChannel channel, int room) throws IOException {
        return buffer().readFrom(channel, room < ADAPTIVE_READ_ROOM ? room : 0);
    }

    /** Poller thread (or a closer): wakes the reader when its bytes are in or the connection closed. */
    void wake() {
        // Dekker with await: the reader stores waiter, then loads the buffer's length; the poller
        // has just stored the length (a release store, which a later load may pass) and now loads
        // waiter. Without a full fence between the two, each can miss the other's store and the
        // reader parks with its bytes buffered (seen as a 60 s hang in StressTest).
        VarHandle.fullFence();
        Thread w = waiter;
        if (w != null && (conn.closeState() != NioConnection.OPEN || buffered() >= need)) {
            LockSupport.unpark(w);
        }
    }

    // ---------------------------------------------------------------- reader

    /**
     * Waits until {@code n} bytes are buffered: the read timeout, the peer's EOF or a local close
     * ends the wait with the matching exception. Called by the reader while counted in.
     */
    private void await(int n, String what) throws IOException {
        if (n < 0) {
            throw new IllegalArgumentException(what + ": negative length " + n);
        }
        if (buffered() >= n) {
            return;
        }
        int cap = maxBytes;
        if (n > cap) {
            IOException e = new IOException(conn.description() + ": " + what + " asks for " + n
                    + " bytes, more than the input cap of " + cap + "; closing it");
            conn.closeWith("a read asked for " + n + " bytes, more than the input cap", e);
            throw e;
        }
        if (conn.poller.inPollerThread()) {
            throw new IllegalStateException(conn.description() + ": " + what + " would block the poller"
                    + " thread waiting for " + n + " bytes (" + buffered() + " buffered);"
                    + " serial-mode handlers must only read what is buffered (check length())");
        }
        long timeout = timeoutNanos;
        long deadline = Park.deadline(timeout);
        need = n;
        waiter = Thread.currentThread();
        try {
            while (buffered() < n) {
                int state = conn.closeState();
                if (state == NioConnection.LOCAL) {
                    throw conn.readerClosed(what);
                }
                if (state == NioConnection.PEER) {
                    if (buffered() >= n) {
                        return;
                    }
                    throw new EOFException(conn.description() + ": " + what + " needs " + n + " bytes but "
                            + conn.closeReason() + " after " + buffered());
                }
                if (!Park.until(conn, deadline)) {
                    throw new ReadTimeoutException(conn.description() + ": " + what + " waited "
                            + Duration.ofNanos(timeout) + " for " + n + " bytes, " + buffered() + " arrived");
                }
            }
        } finally {
            waiter = null;
        }
    }

    // Each Reader call: count in (failing on a closed connection), wait for the bytes, read, count
    // out. A view (next, peek, until) also takes the reader's hold until release(). The steps are
    // written out in each call rather than passed as a lambda: a capturing lambda per call would
    // allocate on every request.

    ByteBuffer next(int n) throws IOException {
        conn.enterReader("next");
        try {
            await(n, "next");
            conn.takeReaderHold();
            return buffer().next(n);
        } finally {
            conn.leave();
        }
    }

    ByteBuffer peek(int n) throws IOException {
        conn.enterReader("peek");
        try {
            await(n, "peek");
            conn.takeReaderHold();
            return buffer().peek(n);
        } finally {
            conn.leave();
        }
    }

    void skip(int n) throws IOException {
        conn.enterReader("skip");
        try {
            await(n, "skip");
            buffer().skip(n);
        } finally {
            conn.leave();
        }
    }

    ByteBuffer until(byte delim) throws IOException {
        conn.enterReader("until");
        try {
            for (int seen = 1;; seen = buffered() + 1) {
                await(seen, "until");
                try {
                    ByteBuffer view = buffer().until(delim);
                    conn.takeReaderHold();
                    return view;
                } catch (EOFException notYet) {
                    // the delimiter is not buffered yet: wait for one more byte than we have
                }
            }
        } finally {
            conn.leave();
        }
    }

    String readString(int n, Charset charset) throws IOException {
        conn.enterReader("readString");
        try {
            await(n, "readString");
            return buffer().readString(n, charset);
        } finally {
            conn.leave();
        }
    }

    byte[] readBinary(int n) throws IOException {
        conn.enterReader("readBinary");
        try {
            await(n, "readBinary");
            return buffer().readBinary(n);
        } finally {
            conn.leave();
        }
    }

    byte readByte() throws IOException {
        conn.enterReader("readByte");
        try {
            await(Byte.BYTES, "readByte");
            return buffer().readByte();
        } finally {
            conn.leave();
        }
    }

    short readShort() throws IOException {
        conn.enterReader("readShort");
        try {
            await(Short.BYTES, "readShort");
            return buffer().readShort();
        } finally {
            conn.leave();
        }
    }

    int readInt() throws IOException {
        conn.enterReader("readInt");
        try {
            await(Integer.BYTES, "readInt");
            return buffer().readInt();
        } finally {
            conn.leave();
        }
    }

    long readLong() throws IOException {
        conn.enterReader("readLong");
        try {
            await(Long.BYTES, "readLong");
            return buffer().readLong();
        } finally {
            conn.leave();
        }
    }

    Reader slice(int n) throws IOException {
        conn.enterReader("slice");
        try {
            await(n, "slice");
            return buffer().slice(n);
        } finally {
            conn.leave();
        }
    }

    /** Gives back what the reader consumed; on a closed connection only drops the reader's hold. */
    void release() {
        if (conn.tryEnter()) {
            try {
                LinkBuffer b = buffer;
                if (conn.closeState() != NioConnection.LOCAL && b != null) {
                    b.release();
                }
            } finally {
                conn.leave();
            }
        }
        conn.dropReaderHold();
    }

    int read(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) {
            return 0;
        }
        conn.enterReader("read");
        try {
            if (buffered() == 0) {
                try {
                    await(1, "read");
                } catch (EOFException e) {
                    return -1;
                }
            }
            int n = Math.min(dst.remaining(), buffered());
            LinkBuffer b = buffer();
            dst.put(b.next(n));
            b.release();
            return n;
        } finally {
            conn.leave();
        }
    }
}
