package netpoll.nio.internal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import netpoll.api.ConcurrentAccessException;
import netpoll.api.ConnectionClosedException;
import netpoll.api.WriteTimeoutException;
import netpoll.mcache.LinkBuffer;
import netpoll.mcache.Mcache;

/**
 * The output side of a {@link NioConnection}: the nocopy writer's buffer and staging calls, the
 * flush lock, and writing to the socket from the flushing thread, parked on OP_WRITE only when
 * the socket is full.
 *
 * <h2>Flush lock</h2>
 * {@link #flushing} catches a second nocopy flush (a programming error) at once; {@link #writeLock}
 * then orders the flush with copying {@link #write} calls and the poller's serial-mode drain.
 * <pre>
 *   idle ──CAS flushing false→true──▶ flushing ──lock writeLock──▶ draining ──▶ idle
 *                   └─CAS fails: ConcurrentAccessException (nothing written)
 * </pre>
 *
 * <p>Threads: {@link #buffer} is staged by the writer (one thread at a time: the staging calls,
 * which take the writer's hold) and drained under {@link #writeLock}; {@link #flush} and
 * {@link #write} run on any thread; {@link #onWritable} on the poller.
 */
final class Output {

    /** strerror(ECONNRESET) and strerror(EPIPE), as the JDK reports them on Linux and macOS. */
    private static final String RESET = "Connection reset";
    private static final String BROKEN_PIPE = "Broken pipe";
    private static final VarHandle BUFFER = Fields.handle(MethodHandles.lookup(), "buffer", LinkBuffer.class);
    private static final VarHandle FLUSHING = Fields.handle(MethodHandles.lookup(), "flushing", boolean.class);

    private final NioConnection conn;
    private final Mcache mcache;
    /**
     * Staged by the writer; drained under writeLock. Made by the writer's first staging call
     * ({@link #buffer()}), so that an idle connection holds none; null until then, set once (CAS).
     */
    private volatile LinkBuffer buffer;
    /** CAS false→true by a nocopy flush, back to false when it is done. */
    private volatile boolean flushing;
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Written by the thread parked for OP_WRITE, read by the poller (volatile). */
    private volatile Thread writeWaiter;
    /** Written by any thread through setWriteTimeout; read by flushing threads. */
    volatile long writeTimeoutNanos;

    Output(NioConnection conn, Mcache mcache) {
        this.conn = conn;
        this.mcache = mcache;
    }

    /**
     * The writer's thread (or, in {@link NioConnection#append}, the thread owning both writers):
     * the staging buffer, made now if nothing was staged before.
     */
    LinkBuffer buffer() {
        LinkBuffer b = buffer;
        return b != null ? b : LazyBuffer.make(BUFFER, this, mcache);
    }

    // ---------------------------------------------------------------- the writer's staging calls
    // Each takes the writer's hold first (see ConnectionUsers); when the buffers are freed already
    // it stages nothing, and the next flush fails with ConnectionClosedException.

    ByteBuffer malloc(int n) {
        return conn.takeWriterHold() ? buffer().malloc(n) : ByteBuffer.allocate(n);
    }

    int writeString(String s, Charset charset) {
        return conn.takeWriterHold() ? buffer().writeString(s, charset) : s.getBytes(charset).length;
    }

    int writeBinary(byte[] b) {
        return conn.takeWriterHold() ? buffer().writeBinary(b) : b.length;
    }

    int writeBinary(ByteBuffer src) {
        return conn.takeWriterHold() ? buffer().writeBinary(src) : discard(src);
    }

    void writeByte(byte b) {
        if (conn.takeWriterHold()) {
            buffer().writeByte(b);
        }
    }

    void writeShort(short v) {
        if (conn.takeWriterHold()) {
            buffer().writeShort(v);
        }
    }

    void writeInt(int v) {
        if (conn.takeWriterHold()) {
            buffer().writeInt(v);
        }
    }

    void writeLong(long v) {
        if (conn.takeWriterHold()) {
            buffer().writeLong(v);
        }
    }

    void writeDirect(ByteBuffer src, int remainCap) {
        if (conn.takeWriterHold()) {
            buffer().writeDirect(src, remainCap);
        } else {
            discard(src);
        }
    }

    void mallocAck(int n) {
        if (conn.writerHolding()) {
            buffer().mallocAck(n);
        } else if (n != 0) {
            throw new IllegalArgumentException("mallocAck(" + n + "): nothing is staged on " + conn.description());
        }
    }

    int mallocLength() {
        return conn.writerHolding() ? buffer().mallocLength() : 0;
    }

    private static int discard(ByteBuffer src) {
        int n = src.remaining();
        src.position(src.limit());
        return n;
    }

    // ---------------------------------------------------------------- flushing

    /** Poller thread, once no user is left: gives the staging buffer's memory back. */
    void free() {
        LazyBuffer.free(buffer);
    }

    void flush() throws IOException {
        if (!FLUSHING.compareAndSet(this, false, true)) {
            throw new ConcurrentAccessException(conn.description() + ": flush while another thread is"
                    + " flushing; the nocopy writer has one owner at a time (use write(ByteBuffer)"
                    + " or netpoll.mux.ShardQueue to share a connection)");
        }
        try {
            LinkBuffer b = buffer;
            if (b == null) {
                return;
            }
            writeLock.lock();
            try {
                b.flush();
                drain(b);
            } finally {
                writeLock.unlock();
            }
        } finally {
            flushing = false;
        }
    }

    /** A copying write, safe from any thread. */
    int write(ByteBuffer src) throws IOException {
        int n = src.remaining();
        writeLock.lock();
        try (LinkBuffer copy = new LinkBuffer(mcache)) {
            copy.malloc(n).put(src);
            copy.flush();
            drain(copy);
        } finally {
            writeLock.unlock();
        }
        return n;
    }

    /** Poller thread, OP_WRITE fired: wake the parked writer, or drain what serial mode left. */
    void onWritable() {
        Thread waiter = writeWaiter;
        if (waiter != null) {
            LockSupport.unpark(waiter);
        } else if (buffer != null && writeLock.tryLock()) {
            try {
                drainWithoutWaiting(buffer);
            } catch (IOException e) {
                failed(e);
            } finally {
                writeLock.unlock();
            }
        }
    }

    /** Any thread: the connection closed; wake a parked writer so it sees that. */
    void wake() {
        Thread waiter = writeWaiter;
        if (waiter != null) {
            LockSupport.unpark(waiter);
        }
    }

    /** Under writeLock: writes all of {@code buf}'s flushed bytes, waiting for the socket. */
    private void drain(LinkBuffer buf) throws IOException {
        if (conn.poller.inPollerThread()) {
            drainWithoutWaiting(buf);
            return;
        }
        long timeout = writeTimeoutNanos;
        long deadline = Park.deadline(timeout);
        while (buf.length() > 0) {
            if (writeSome(buf) > 0) {
                continue;
            }
            writeWaiter = Thread.currentThread();
            try {
                conn.poller.execute(conn::wantWrite);
                if (!Park.until(conn, deadline)) {
                    WriteTimeoutException e = new WriteTimeoutException(conn.description()
                            + ": the peer took no bytes for " + Duration.ofNanos(timeout) + ", "
                            + buf.length() + " bytes left unwritten; closing it");
                    conn.closeWith("a flush timed out after " + Duration.ofNanos(timeout), e);
                    throw e;
                }
            } finally {
                writeWaiter = null;
            }
        }
    }

    /** On the poller thread (serial mode): write what the socket takes, leave the rest to OP_WRITE. */
    private void drainWithoutWaiting(LinkBuffer buf) throws IOException {
        while (buf.length() > 0) {
            if (writeSome(buf) == 0) {
                if (buf == buffer) {
                    conn.wantWrite();
                    return;
                }
                throw new IOException(conn.description() + ": the socket is full and a copying write on"
                        + " the poller thread cannot wait; use the nocopy writer in serial mode");
            }
        }
    }

    private long writeSome(LinkBuffer buf) throws IOException {
        if (conn.closeState() == NioConnection.LOCAL) {
            throw conn.closed("flush");
        }
        try {
            return buf.writeTo(conn.channel);
        } catch (ClosedChannelException e) {
            throw conn.closed("flush");
        } catch (IOException e) {
            failed(e);
            throw new ConnectionClosedException(conn.description() + ": flush failed: " + e.getMessage(), e);
        }
    }

    /**
     * Closes the connection after a failed write. A reset or a broken pipe is the peer leaving,
     * an everyday event that is not logged (an RST storm would flood the log otherwise); any other
     * failure is logged with its cause.
     */
    private void failed(IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains(RESET) || message.contains(BROKEN_PIPE)) {
            conn.closeWith("the peer reset it during a flush (" + message + ")", null);
        } else {
            conn.closeWith("writing to the socket failed: " + message, e);
        }
    }
}
