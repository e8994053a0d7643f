package netpoll.pool.internal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.time.Duration;
import netpoll.api.CloseCallback;
import netpoll.api.Connection;
import netpoll.api.ConnectionClosedException;
import netpoll.api.OnRequest;
import netpoll.api.Reader;
import netpoll.api.Writer;
import netpoll.pool.PoolConfig;

/**
 * A lease on a pooled connection: what {@code borrow} returns. It delegates to the pooled
 * connection until {@link #close()} gives that back; from then on every use fails, naming the
 * pool, so a lease kept by mistake cannot write into a connection lent to someone else.
 *
 * <p>Thread contract: as {@link Connection}'s (one reader and one writer thread at a time; the
 * setters, {@link #isActive()} and {@link #close()} from any thread). {@code state} is volatile:
 * written once by the CAS in {@link #close()} or {@link #invalidate()}, read by every method.
 * {@code flags} is volatile: set bit by bit with an atomic OR by any thread that changes a setting
 * or sees an I/O failure, read once by the thread that gives the lease back. A use racing with
 * {@code close()} on another thread may still reach the connection, as any use racing a close
 * may; the borrower's own uses after its close always fail.
 */
final class LentConnection implements Connection {

    /** The read or write timeout was changed. */
    static final int TIMEOUTS = 1;
    /** The input limit was changed. */
    static final int MAX_INPUT = 1 << 1;
    /** An {@code OnRequest} handler was set. */
    static final int ON_REQUEST = 1 << 2;
    /** Reading was paused. */
    static final int PAUSED = 1 << 3;
    /** Keep-alive was changed: the transport's default is not known, so it cannot be restored. */
    static final int KEEP_ALIVE = 1 << 4;
    /** An I/O operation threw: the stream may be cut mid-message. */
    static final int FAILED = 1 << 5;
    /** The flags that make the connection unfit to lend again. */
    static final int MUST_DESTROY = KEEP_ALIVE | FAILED;

    private static final int LENT = 0;
    private static final int RETURNED = 1;

    private static final VarHandle STATE;
    private static final VarHandle FLAGS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(LentConnection.class, "state", int.class);
            FLAGS = l.findVarHandle(LentConnection.class, "flags", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final PooledConnection entry;
    private final long lease;

    /** LENT until the one CAS to RETURNED in close() or invalidate(); read by every method. */
    private volatile int state;

    /** Bits set with an atomic OR by any thread; read once when the lease is given back. */
    private volatile int flags;

    LentConnection(PooledConnection entry, long lease) {
        this.entry = entry;
        this.lease = lease;
    }

    /**
     * Puts back the settings a borrower changed.
     *
     * @param c the pooled connection
     * @param flags which settings changed
     * @param config the values to put back
     * @return false when the connection refused, so it must not be pooled
     */
    static boolean restore(Connection c, int flags, PoolConfig config) {
        try {
            if ((flags & TIMEOUTS) != 0) {
                c.setReadTimeout(config.readTimeout());
                c.setWriteTimeout(config.writeTimeout());
            }
            if ((flags & MAX_INPUT) != 0) {
                c.setMaxInputBytes(0);
            }
            if ((flags & ON_REQUEST) != 0) {
                c.setOnRequest(null, null);
            }
            if ((flags & PAUSED) != 0) {
                c.resumeRead();
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    boolean belongsTo(CommonsConnectionPool p) {
        return entry.owner == p;
    }

    void invalidate() {
        if (STATE.compareAndSet(this, LENT, RETURNED)) {
            entry.owner.destroyLent(entry, "the borrower invalidated it");
        }
    }

    /** Gives the connection back to the pool; later calls do nothing. */
    @Override
    public void close() {
        if (STATE.compareAndSet(this, LENT, RETURNED)) {
            entry.owner.giveBack(entry, lease, flags);
        }
    }

    private Connection lent() {
        if (state != LENT) {
            throw new IllegalStateException(returnedMessage());
        }
        return entry.connection;
    }

    private Connection lentIo() throws ConnectionClosedException {
        if (state != LENT) {
            throw new ConnectionClosedException(returnedMessage());
        }
        return entry.connection;
    }

    private String returnedMessage() {
        return "this lease on " + entry + " was given back to pool " + entry.owner.config().name()
                + " (closed or invalidated); borrow a new connection";
    }

    private void set(int flag) {
        FLAGS.getAndBitwiseOr(this, flag);
    }

    private IOException failed(IOException e) {
        set(FAILED);
        return e;
    }

    @Override
    public boolean isOpen() {
        return state == LENT && entry.connection.isOpen();
    }

    @Override
    public boolean isActive() {
        return state == LENT && entry.connection.isActive();
    }

    @Override
    public Reader reader() {
        lent();
        return this;
    }

    @Override
    public Writer writer() {
        lent();
        return this;
    }

    @Override
    public ByteBuffer next(int n) throws IOException {
        Connection c = lentIo();
        try {
            return c.next(n);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public ByteBuffer peek(int n) throws IOException {
        Connection c = lentIo();
        try {
            return c.peek(n);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void skip(int n) throws IOException {
        Connection c = lentIo();
        try {
            c.skip(n);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public ByteBuffer until(byte delim) throws IOException {
        Connection c = lentIo();
        try {
            return c.until(delim);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public String readString(int n, Charset charset) throws IOException {
        Connection c = lentIo();
        try {
            return c.readString(n, charset);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public byte[] readBinary(int n) throws IOException {
        Connection c = lentIo();
        try {
            return c.readBinary(n);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public byte readByte() throws IOException {
        Connection c = lentIo();
        try {
            return c.readByte();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public short readShort() throws IOException {
        Connection c = lentIo();
        try {
            return c.readShort();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public int readInt() throws IOException {
        Connection c = lentIo();
        try {
            return c.readInt();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public long readLong() throws IOException {
        Connection c = lentIo();
        try {
            return c.readLong();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public Reader slice(int n) throws IOException {
        Connection c = lentIo();
        try {
            return c.slice(n);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void release() {
        lent().release();
    }

    @Override
    public int length() {
        return lent().length();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        Connection c = lentIo();
        try {
            return c.read(dst);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public ByteBuffer malloc(int n) {
        return lent().malloc(n);
    }

    @Override
    public int writeString(String s, Charset charset) {
        return lent().writeString(s, charset);
    }

    @Override
    public int writeBinary(byte[] b) {
        return lent().writeBinary(b);
    }

    @Override
    public int writeBinary(ByteBuffer src) {
        return lent().writeBinary(src);
    }

    @Override
    public void writeByte(byte b) {
        lent().writeByte(b);
    }

    @Override
    public void writeShort(short v) {
        lent().writeShort(v);
    }

    @Override
    public void writeInt(int v) {
        lent().writeInt(v);
    }

    @Override
    public void writeLong(long v) {
        lent().writeLong(v);
    }

    @Override
    public void writeDirect(ByteBuffer src, int remainCap) {
        lent().writeDirect(src, remainCap);
    }

    @Override
    public void mallocAck(int n) {
        lent().mallocAck(n);
    }

    /** Appends another writer's bytes; a lease given as {@code other} is unwrapped first. */
    @Override
    public void append(Writer other) {
        Writer source = other instanceof LentConnection l ? l.lent() : other;
        lent().append(source);
    }

    @Override
    public void flush() throws IOException {
        Connection c = lentIo();
        try {
            c.flush();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public int mallocLength() {
        return lent().mallocLength();
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        Connection c = lentIo();
        try {
            return c.write(src);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void setReadTimeout(Duration timeout) {
        Connection c = lent();
        set(TIMEOUTS);
        c.setReadTimeout(timeout);
    }

    @Override
    public void setWriteTimeout(Duration timeout) {
        Connection c = lent();
        set(TIMEOUTS);
        c.setWriteTimeout(timeout);
    }

    /** Changes keep-alive; the connection is then closed, not pooled, when given back. */
    @Override
    public void setIdleTimeout(Duration timeout) {
        Connection c = lent();
        set(KEEP_ALIVE);
        c.setIdleTimeout(timeout);
    }

    @Override
    public void setMaxInputBytes(int maxBytes) {
        Connection c = lent();
        set(MAX_INPUT);
        c.setMaxInputBytes(maxBytes);
    }

    /** Sets a handler for this lease; it is removed when the lease is given back. */
    @Override
    public <C> void setOnRequest(OnRequest<C> onRequest, C context) {
        Connection c = lent();
        set(ON_REQUEST);
        c.setOnRequest(onRequest, context);
    }

    /**
     * Not supported: a callback added through a lease would stay on the pooled connection after
     * the lease ends, one more for every borrow.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void addCloseCallback(CloseCallback callback) {
        throw new UnsupportedOperationException("close callbacks of pooled connections belong to"
                + " pool " + entry.owner.config().name() + "; a lease cannot add one (it would outlive"
                + " the lease); check isActive() or catch the I/O exception instead");
    }

    /** Pauses reading; reading resumes when the lease is given back. */
    @Override
    public void pauseRead() {
        Connection c = lent();
        set(PAUSED);
        c.pauseRead();
    }

    @Override
    public void resumeRead() {
        lent().resumeRead();
    }

    @Override
    public SocketAddress localAddress() {
        return entry.connection.localAddress();
    }

    @Override
    public SocketAddress remoteAddress() {
        return entry.connection.remoteAddress();
    }

    @Override
    public String toString() {
        return (state == LENT ? "lease on " : "returned lease on ") + entry;
    }
}
