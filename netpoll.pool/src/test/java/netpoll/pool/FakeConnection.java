package netpoll.pool;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import netpoll.api.CloseCallback;
import netpoll.api.Connection;
import netpoll.api.ConnectionClosedException;
import netpoll.api.OnRequest;
import netpoll.api.ReadTimeoutException;
import netpoll.api.Reader;
import netpoll.api.Writer;

/**
 * A test double of a transport connection to an echo peer: what is flushed comes back as input.
 * A test flips {@link #isActive()} and fires the close callbacks the way a poller would
 * ({@link #peerHangsUp()}), or only flips the flag ({@link #goInactiveSilently()}), and can make
 * the next I/O operation fail ({@link #failNextIo}). A read that needs more bytes than are
 * buffered throws at once (a read timeout) instead of blocking.
 *
 * <p>Thread contract: every method is safe from any thread; state is guarded by this object's
 * monitor (held only for in-memory work, never while blocking), except {@code active} and
 * {@code failure}, which are volatile, and the callbacks, which run outside the monitor.
 */
final class FakeConnection implements Connection {

    private final SocketAddress local;
    private final SocketAddress remote;
    /** How many leases use this connection now; the stress test checks it never exceeds 1. */
    final AtomicInteger holders = new AtomicInteger();

    private final ByteArrayOutputStream staged = new ByteArrayOutputStream();
    private ByteBuffer input = ByteBuffer.allocate(0);
    private final List<CloseCallback> callbacks = new ArrayList<>();
    private boolean closed;
    private volatile boolean active = true;
    private volatile IOException failure;
    private volatile Duration readTimeout = Duration.ZERO;
    private volatile Duration writeTimeout = Duration.ZERO;
    private volatile int maxInputBytes;
    private volatile OnRequest<?> onRequest;
    private volatile boolean paused;

    FakeConnection(SocketAddress local, SocketAddress remote) {
        this.local = local;
        this.remote = remote;
    }

    /** The peer hangs up: the connection turns inactive, then closes and runs its callbacks. */
    void peerHangsUp() {
        active = false;
        closeAndRunCallbacks();
    }

    /** The connection turns inactive without closing (no callback runs). */
    void goInactiveSilently() {
        active = false;
    }

    /** Makes the next read, flush or write throw {@code e}. */
    void failNextIo(IOException e) {
        failure = e;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    Duration readTimeout() {
        return readTimeout;
    }

    Duration writeTimeout() {
        return writeTimeout;
    }

    int maxInputBytes() {
        return maxInputBytes;
    }

    OnRequest<?> onRequest() {
        return onRequest;
    }

    boolean paused() {
        return paused;
    }

    private void closeAndRunCallbacks() {
        List<CloseCallback> toRun;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            active = false;
            toRun = new ArrayList<>(callbacks);
            callbacks.clear();
        }
        for (int i = toRun.size() - 1; i >= 0; i--) {
            try {
                toRun.get(i).onClose(this);
            } catch (Exception e) {
                throw new AssertionError("a close callback threw", e);
            }
        }
    }

    private synchronized ByteBuffer take(int n) throws IOException {
        IOException f = failure;
        if (f != null) {
            failure = null;
            throw f;
        }
        if (n < 0) {
            throw new IllegalArgumentException("negative length " + n);
        }
        if (closed && !active && input.remaining() < n) {
            throw new ConnectionClosedException(this + " is closed");
        }
        if (input.remaining() < n) {
            if (!active) {
                throw new EOFException(this + ": peer hung up");
            }
            throw new ReadTimeoutException(this + ": " + n + " bytes wanted, "
                    + input.remaining() + " buffered");
        }
        ByteBuffer view = input.slice();
        view.limit(n);
        input.position(input.position() + n);
        return view;
    }

    @Override
    public Reader reader() {
        return this;
    }

    @Override
    public Writer writer() {
        return this;
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public synchronized boolean isOpen() {
        return !closed;
    }

    @Override
    public void setReadTimeout(Duration timeout) {
        readTimeout = timeout;
    }

    @Override
    public void setWriteTimeout(Duration timeout) {
        writeTimeout = timeout;
    }

    @Override
    public void setIdleTimeout(Duration timeout) {
        // keep-alive has no meaning in memory
    }

    @Override
    public void setMaxInputBytes(int maxBytes) {
        maxInputBytes = maxBytes;
    }

    @Override
    public <C> void setOnRequest(OnRequest<C> handler, C context) {
        onRequest = handler;
    }

    @Override
    public void addCloseCallback(CloseCallback callback) {
        synchronized (this) {
            if (!closed) {
                callbacks.add(callback);
                return;
            }
        }
        try {
            callback.onClose(this);
        } catch (Exception e) {
            throw new AssertionError("a close callback threw", e);
        }
    }

    @Override
    public void pauseRead() {
        paused = true;
    }

    @Override
    public void resumeRead() {
        paused = false;
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public ByteBuffer next(int n) throws IOException {
        return take(n);
    }

    @Override
    public ByteBuffer peek(int n) throws IOException {
        synchronized (this) {
            ByteBuffer view = take(n);
            input.position(input.position() - n);
            return view;
        }
    }

    @Override
    public void skip(int n) throws IOException {
        take(n);
    }

    @Override
    public synchronized ByteBuffer until(byte delim) throws IOException {
        for (int i = input.position(); i < input.limit(); i++) {
            if (input.get(i) == delim) {
                return take(i - input.position() + 1);
            }
        }
        throw new EOFException("no delimiter buffered");
    }

    @Override
    public String readString(int n, Charset charset) throws IOException {
        return new String(readBinary(n), charset);
    }

    @Override
    public byte[] readBinary(int n) throws IOException {
        ByteBuffer view = take(n);
        byte[] b = new byte[n];
        view.get(b);
        return b;
    }

    @Override
    public byte readByte() throws IOException {
        return take(1).get();
    }

    @Override
    public short readShort() throws IOException {
        return take(Short.BYTES).getShort();
    }

    @Override
    public int readInt() throws IOException {
        return take(Integer.BYTES).getInt();
    }

    @Override
    public long readLong() throws IOException {
        return take(Long.BYTES).getLong();
    }

    @Override
    public Reader slice(int n) {
        throw new UnsupportedOperationException("not needed by the pool tests");
    }

    @Override
    public void release() {
        // the views are copies of a heap array; nothing to give back
    }

    @Override
    public synchronized int length() {
        return input.remaining();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n;
        synchronized (this) {
            n = Math.min(dst.remaining(), input.remaining());
        }
        dst.put(take(n));
        return n;
    }

    @Override
    public synchronized ByteBuffer malloc(int n) {
        return ByteBuffer.allocate(n);
    }

    @Override
    public int writeString(String s, Charset charset) {
        return writeBinary(s.getBytes(charset));
    }

    @Override
    public synchronized int writeBinary(byte[] b) {
        staged.writeBytes(b);
        return b.length;
    }

    @Override
    public synchronized int writeBinary(ByteBuffer src) {
        byte[] b = new byte[src.remaining()];
        src.get(b);
        return writeBinary(b);
    }

    @Override
    public void writeByte(byte b) {
        writeBinary(new byte[] {b});
    }

    @Override
    public void writeShort(short v) {
        writeBinary(ByteBuffer.allocate(Short.BYTES).putShort(v).array());
    }

    @Override
    public void writeInt(int v) {
        writeBinary(ByteBuffer.allocate(Integer.BYTES).putInt(v).array());
    }

    @Override
    public void writeLong(long v) {
        writeBinary(ByteBuffer.allocate(Long.BYTES).putLong(v).array());
    }

    @Override
    public void writeDirect(ByteBuffer src, int remainCap) {
        throw new UnsupportedOperationException("not needed by the pool tests");
    }

    @Override
    public void mallocAck(int n) {
        throw new UnsupportedOperationException("not needed by the pool tests");
    }

    @Override
    public void append(Writer other) {
        throw new UnsupportedOperationException("not needed by the pool tests");
    }

    /** Echoes: the staged bytes become this connection's input. */
    @Override
    public synchronized void flush() throws IOException {
        IOException f = failure;
        if (f != null) {
            failure = null;
            throw f;
        }
        if (closed) {
            throw new ConnectionClosedException(this + " is closed");
        }
        byte[] out = staged.toByteArray();
        staged.reset();
        ByteBuffer grown = ByteBuffer.allocate(input.remaining() + out.length);
        grown.put(input).put(out).flip();
        input = grown;
    }

    @Override
    public synchronized int mallocLength() {
        return staged.size();
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int n = writeBinary(src);
        flush();
        return n;
    }

    @Override
    public void close() {
        closeAndRunCallbacks();
    }

    @Override
    public String toString() {
        return "FakeConnection[" + local + " -> " + remote + "]";
    }
}
