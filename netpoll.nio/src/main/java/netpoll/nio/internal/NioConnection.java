package netpoll.nio.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import netpoll.api.CloseCallback;
import netpoll.api.ConcurrentAccessException;
import netpoll.api.Connection;
import netpoll.api.ConnectionClosedException;
import netpoll.api.OnRequest;
import netpoll.api.ReadTimeoutException;
import netpoll.api.Reader;
import netpoll.api.WriteTimeoutException;
import netpoll.api.Writer;
import netpoll.mcache.LinkBuffer;
import netpoll.mcache.Mcache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A socket served by one {@link Poller}: its input and output {@link LinkBuffer}s, the waits of
 * its reader and writer, its close sequence, and (through {@link Dispatch}) its handler.
 *
 * <h2>Threads</h2>
 * <ul>
 * <li>Poller thread only: {@link #onReady}, {@link #register}, {@link #closeByPoller}, and every
 *     change of the key's interest set ({@link #interest}).</li>
 * <li>The reader (one thread at a time): the {@link Reader} methods and {@link #read}. The poller
 *     fills {@link #input} meanwhile (LinkBuffer's one-reader/one-writer protocol).</li>
 * <li>The writer (one thread at a time): the {@link Writer} staging methods; {@link #flush} and
 *     {@link #write} may be called from any thread and serialize on {@link #writeLock}.</li>
 * <li>Any thread: {@link #close}, the setters, {@link #isActive}, pause/resume.</li>
 * </ul>
 *
 * <h2>Close states ({@link #closeState})</h2>
 * <pre>
 *   OPEN ──peer EOF/reset (poller)──▶ PEER ──close() (anyone)──▶ LOCAL
 *     └───────────close(), error, cap, write timeout────────────────┘
 * </pre>
 * PEER: inactive; buffered input stays readable, then reads throw EOFException; the socket is
 * closed and the close callbacks run once no handler is running. LOCAL: reads and writes throw
 * ConnectionClosedException; the buffers go back to the cache once the last user (a running
 * handler, a reader or writer inside a call) has left: {@link #users} counts them, plus one for
 * the connection being open, so the buffers are freed when it reaches zero.
 */
final class NioConnection implements Connection, Poller.Ready, Poller.Closing {

    private static final Logger LOG = LoggerFactory.getLogger(NioConnection.class);

    static final int OPEN = 0;
    static final int PEER = 1;
    static final int LOCAL = 2;

    /** Below this much room under the input cap, reads are limited to the room left. */
    private static final int ADAPTIVE_READ_ROOM = 1 << 20;

    final Poller poller;
    final SocketChannel channel;
    private final Mcache mcache;
    private final Executor executor;
    private final String description;
    private final SocketAddress local;
    private final SocketAddress remote;
    /** Filled by the poller (writer side), read by the reader. */
    final LinkBuffer input;
    /** Staged by the writer, drained under {@link #writeLock} by a flushing thread or the poller. */
    private final LinkBuffer output;
    final Dispatch dispatch;

    /** Poller thread only. */
    private SelectionKey key;
    /** Poller thread only: reading paused by pauseRead(). */
    private boolean paused;
    /** Poller thread only: a writer waits for OP_WRITE, or the poller drains output itself. */
    private boolean wantWrite;

    /** CAS by the closer (any thread) and the poller (PEER); read by everyone. */
    private final AtomicInteger closeState = new AtomicInteger(OPEN);
    /** Written once by the first closer before closeState turns LOCAL; read after it. */
    private volatile String closeReason = "";
    /** Open ref plus users inside a call; see the class comment. */
    private final AtomicInteger users = new AtomicInteger(1);
    /** Set once by whoever closes the socket and runs the close callbacks. */
    private final AtomicBoolean callbacksRun = new AtomicBoolean();
    /** Newest first; {@link #CALLBACKS_DONE} once they ran, so later ones run at once. */
    private final AtomicReference<CallbackNode> callbacks = new AtomicReference<>();
    private static final CallbackNode CALLBACKS_DONE = new CallbackNode(null, null);

    /** Written by the reader, read by the poller (volatile: a Dekker pair with input's length). */
    private volatile Thread readWaiter;
    private volatile int readNeed;
    /** Written by the flushing thread, read by the poller. */
    private volatile Thread writeWaiter;
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final ReentrantLock writeLock = new ReentrantLock();

    private volatile long readTimeoutNanos;
    private volatile long writeTimeoutNanos;
    private volatile int maxInputBytes;

    NioConnection(Poller poller, SocketChannel channel, Mcache mcache, Executor executor,
                  int maxInputBytes) throws IOException {
        this.poller = poller;
        this.channel = channel;
        this.mcache = mcache;
        this.executor = executor;
        this.local = channel.getLocalAddress();
        this.remote = channel.getRemoteAddress();
        this.description = "connection " + local + " -> " + remote;
        this.input = new LinkBuffer(mcache);
        this.output = new LinkBuffer(mcache);
        this.maxInputBytes = maxInputBytes;
        this.dispatch = new Dispatch(this, executor);
    }

    // ---------------------------------------------------------------- poller side

    /** Poller thread: registers the channel for reading; fails the connection if it cannot. */
    void register() {
        try {
            key = poller.register(channel, SelectionKey.OP_READ, this);
        } catch (ClosedChannelException | RuntimeException e) {
            closeWith("its poller could not register it: " + e, e);
            return;
        }
        if (closeState.get() != OPEN) {
            key.cancel();
        }
    }

    @Override
    public void onReady(int readyOps) {
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            onWritable();
        }
        if ((readyOps & (SelectionKey.OP_READ | SelectionKey.OP_CONNECT)) != 0) {
            onReadable();
        }
    }

    private void onReadable() {
        if (closeState.get() != OPEN) {
            interest();
            return;
        }
        int room = maxInputBytes - input.length();
        if (room <= 0) {
            closeWith("the peer sent more than the input cap of " + maxInputBytes
                    + " unread bytes", null);
            return;
        }
        int n;
        try {
            n = input.readFrom(channel, room < ADAPTIVE_READ_ROOM ? room : 0);
        } catch (IOException e) {
            onPeerGone(e);
            return;
        }
        if (n < 0) {
            onPeerGone(null);
        } else if (n > 0) {
            wakeReader();
            dispatch.inputArrived();
        }
    }

    private void onWritable() {
        wantWrite = false;
        interest();
        Thread waiter = writeWaiter;
        if (waiter != null) {
            LockSupport.unpark(waiter);
        } else if (writeLock.tryLock()) {
            // serial mode: a flush on this poller thread left bytes for the poller to drain
            try {
                drainWithoutWaiting(output);
            } catch (IOException e) {
                closeWith("writing to the socket failed: " + e, e);
            } finally {
                writeLock.unlock();
            }
        }
    }

    /** Poller thread: the peer hung up (EOF) or reset the connection. */
    private void onPeerGone(IOException cause) {
        if (!closeState.compareAndSet(OPEN, PEER)) {
            return;
        }
        if (cause != null) {
            closeReason = "the peer reset it (" + cause.getMessage() + ")";
        } else {
            closeReason = "the peer closed it";
        }
        interest();
        wakeReader();
        unpark(writeWaiter);
        dispatch.peerGone();
    }

    /** Poller thread: sets the key's interest from the state. */
    private void interest() {
        SelectionKey k = key;
        if (k == null || !k.isValid()) {
            return;
        }
        int ops = (closeState.get() == OPEN && !paused ? SelectionKey.OP_READ : 0)
                | (wantWrite ? SelectionKey.OP_WRITE : 0);
        if (k.interestOps() != ops) {
            k.interestOps(ops);
        }
    }

    @Override
    public void closeByPoller() {
        closeWith("its poller stopped", null);
    }

    private void wakeReader() {
        Thread waiter = readWaiter;
        if (waiter != null && (closeState.get() != OPEN || input.length() >= readNeed)) {
            LockSupport.unpark(waiter);
        }
    }

    private static void unpark(Thread t) {
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    // ---------------------------------------------------------------- reader

    /**
     * Waits until {@code n} bytes are buffered: the read timeout, the peer's EOF or a local close
     * ends the wait with the matching exception. Called by the reader inside {@link #enter()}.
     */
    private void awaitInput(int n, String what) throws IOException {
        if (n < 0) {
            throw new IllegalArgumentException(what + ": negative length " + n);
        }
        if (input.length() >= n) {
            return;
        }
        if (n > maxInputBytes) {
            IOException e = new IOException(description + ": " + what + " asks for " + n
                    + " bytes, more than the input cap of " + maxInputBytes + "; closing it");
            closeWith("a read asked for " + n + " bytes, more than the input cap", e);
            throw e;
        }
        if (poller.inPollerThread()) {
            throw new IllegalStateException(description + ": " + what + " would block the poller"
                    + " thread waiting for " + n + " bytes (" + input.length() + " buffered);"
                    + " serial-mode handlers must only read what is buffered (check length())");
        }
        long timeout = readTimeoutNanos;
        long deadline = timeout > 0 ? System.nanoTime() + timeout : 0;
        readNeed = n;
        readWaiter = Thread.currentThread();
        try {
            while (input.length() < n) {
                int state = closeState.get();
                if (state == LOCAL) {
                    throw closed(what);
                }
                if (state == PEER) {
                    if (input.length() >= n) {
                        return;
                    }
                    throw new EOFException(description + ": " + what + " needs " + n + " bytes but "
                            + closeReason + " after " + input.length());
                }
                parkUntil(deadline, () -> new ReadTimeoutException(description + ": " + what
                        + " waited " + Duration.ofNanos(timeout) + " for " + n + " bytes, "
                        + input.length() + " arrived"));
            }
        } finally {
            readWaiter = null;
        }
    }

    private interface TimeoutFactory {
        IOException timeout();
    }

    private void parkUntil(long deadline, TimeoutFactory onTimeout) throws IOException {
        if (deadline == 0) {
            LockSupport.park(this);
        } else {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw onTimeout.timeout();
            }
            LockSupport.parkNanos(this, left);
        }
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(description + ": interrupted while waiting");
        }
    }

    /** Counts a user in; fails when the connection is closed locally. */
    private void enter(String what) throws ConnectionClosedException {
        for (;;) {
            int n = users.get();
            if (n == 0 || closeState.get() == LOCAL) {
                throw closed(what);
            }
            if (users.compareAndSet(n, n + 1)) {
                return;
            }
        }
    }

    /** Counts a user out; the last one out of a closed connection frees its buffers. */
    void leave() {
        if (users.decrementAndGet() == 0) {
            input.close();
            output.close();
        }
    }

    /** For the handler: counts it in without failing (it checks the state itself). */
    boolean tryEnter() {
        for (;;) {
            int n = users.get();
            if (n == 0) {
                return false;
            }
            if (users.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    ConnectionClosedException closed(String what) {
        return new ConnectionClosedException(description + ": " + what + " on a closed connection ("
                + closeReason + ")");
    }

    @Override
    public ByteBuffer next(int n) throws IOException {
        enter("next");
        try {
            awaitInput(n, "next");
            return input.next(n);
        } finally {
            leave();
        }
    }

    @Override
    public ByteBuffer peek(int n) throws IOException {
        enter("peek");
        try {
            awaitInput(n, "peek");
            return input.peek(n);
        } finally {
            leave();
        }
    }

    @Override
    public void skip(int n) throws IOException {
        enter("skip");
        try {
            awaitInput(n, "skip");
            input.skip(n);
        } finally {
            leave();
        }
    }

    @Override
    public ByteBuffer until(byte delim) throws IOException {
        enter("until");
        try {
            for (int seen = 1;; seen = input.length() + 1) {
                awaitInput(seen, "until");
                try {
                    return input.until(delim);
                } catch (EOFException notYet) {
                    // the delimiter is not buffered yet: wait for one more byte than we have
                }
            }
        } finally {
            leave();
        }
    }

    @Override
    public String readString(int n, Charset charset) throws IOException {
        enter("readString");
        try {
            awaitInput(n, "readString");
            return input.readString(n, charset);
        } finally {
            leave();
        }
    }

    @Override
    public byte[] readBinary(int n) throws IOException {
        enter("readBinary");
        try {
            awaitInput(n, "readBinary");
            return input.readBinary(n);
        } finally {
            leave();
        }
    }

    @Override
    public byte readByte() throws IOException {
        enter("readByte");
        try {
            awaitInput(Byte.BYTES, "readByte");
            return input.readByte();
        } finally {
            leave();
        }
    }

    @Override
    public short readShort() throws IOException {
        enter("readShort");
        try {
            awaitInput(Short.BYTES, "readShort");
            return input.readShort();
        } finally {
            leave();
        }
    }

    @Override
    public int readInt() throws IOException {
        enter("readInt");
        try {
            awaitInput(Integer.BYTES, "readInt");
            return input.readInt();
        } finally {
            leave();
        }
    }

    @Override
    public long readLong() throws IOException {
        enter("readLong");
        try {
            awaitInput(Long.BYTES, "readLong");
            return input.readLong();
        } finally {
            leave();
        }
    }

    @Override
    public Reader slice(int n) throws IOException {
        enter("slice");
        try {
            awaitInput(n, "slice");
            return input.slice(n);
        } finally {
            leave();
        }
    }

    @Override
    public void release() {
        if (tryEnter()) {
            try {
                if (closeState.get() != LOCAL) {
                    input.release();
                }
            } finally {
                leave();
            }
        }
    }

    @Override
    public int length() {
        return closeState.get() == LOCAL ? 0 : input.length();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) {
            return 0;
        }
        enter("read");
        try {
            if (input.length() == 0) {
                try {
                    awaitInput(1, "read");
                } catch (EOFException e) {
                    return -1;
                }
            }
            int n = Math.min(dst.remaining(), input.length());
            dst.put(input.next(n));
            input.release();
            return n;
        } finally {
            leave();
        }
    }

    // ---------------------------------------------------------------- writer

    @Override
    public ByteBuffer malloc(int n) {
        return output.malloc(n);
    }

    @Override
    public int writeString(String s, Charset charset) {
        return output.writeString(s, charset);
    }

    @Override
    public int writeBinary(byte[] b) {
        return output.writeBinary(b);
    }

    @Override
    public int writeBinary(ByteBuffer src) {
        return output.writeBinary(src);
    }

    @Override
    public void writeByte(byte b) {
        output.writeByte(b);
    }

    @Override
    public void writeShort(short v) {
        output.writeShort(v);
    }

    @Override
    public void writeInt(int v) {
        output.writeInt(v);
    }

    @Override
    public void writeLong(long v) {
        output.writeLong(v);
    }

    @Override
    public void writeDirect(ByteBuffer src, int remainCap) {
        output.writeDirect(src, remainCap);
    }

    @Override
    public void mallocAck(int n) {
        output.mallocAck(n);
    }

    @Override
    public void append(Writer other) {
        output.append(other instanceof NioConnection c ? c.output : other);
    }

    @Override
    public int mallocLength() {
        return output.mallocLength();
    }

    /**
     * Flush lock: {@code flushing} catches a second nocopy flush (a programming error) at once;
     * {@code writeLock} then orders the flush with copying {@link #write} calls and the poller's
     * serial-mode drain.
     * <pre>
     *   idle ──CAS flushing false→true──▶ flushing ──lock writeLock──▶ draining ──▶ idle
     *                   └─CAS fails: ConcurrentAccessException (nothing written)
     * </pre>
     */
    @Override
    public void flush() throws IOException {
        if (!flushing.compareAndSet(false, true)) {
            throw new ConcurrentAccessException(description + ": flush while another thread is"
                    + " flushing; the nocopy writer has one owner at a time (use write(ByteBuffer)"
                    + " or netpoll.mux.ShardQueue to share a connection)");
        }
        try {
            enter("flush");
            try {
                writeLock.lock();
                try {
                    output.flush();
                    drain(output);
                } finally {
                    writeLock.unlock();
                }
            } finally {
                leave();
            }
        } finally {
            flushing.set(false);
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int n = src.remaining();
        if (n == 0) {
            return 0;
        }
        enter("write");
        try {
            writeLock.lock();
            try (LinkBuffer copy = new LinkBuffer(mcache)) {
                copy.malloc(n).put(src);
                copy.flush();
                drain(copy);
            } finally {
                writeLock.unlock();
            }
            return n;
        } finally {
            leave();
        }
    }

    /** Under writeLock: writes all of {@code buf}'s flushed bytes, waiting for the socket. */
    private void drain(LinkBuffer buf) throws IOException {
        if (poller.inPollerThread()) {
            drainWithoutWaiting(buf);
            return;
        }
        long timeout = writeTimeoutNanos;
        long deadline = timeout > 0 ? System.nanoTime() + timeout : 0;
        while (buf.length() > 0) {
            if (writeSome(buf) > 0) {
                continue;
            }
            writeWaiter = Thread.currentThread();
            try {
                poller.execute(this::wantWrite);
                parkUntil(deadline, () -> {
                    WriteTimeoutException e = new WriteTimeoutException(description
                            + ": the peer took no bytes for " + Duration.ofNanos(timeout) + ", "
                            + buf.length() + " bytes left unwritten; closing it");
                    closeWith("a flush timed out after " + Duration.ofNanos(timeout), e);
                    return e;
                });
            } finally {
                writeWaiter = null;
            }
        }
    }

    /** On the poller thread (serial mode): write what the socket takes, leave the rest to OP_WRITE. */
    private void drainWithoutWaiting(LinkBuffer buf) throws IOException {
        while (buf.length() > 0) {
            if (writeSome(buf) == 0) {
                if (buf == output) {
                    wantWrite();
                    return;
                }
                throw new IOException(description + ": the socket is full and a copying write on"
                        + " the poller thread cannot wait; use the nocopy writer in serial mode");
            }
        }
    }

    private long writeSome(LinkBuffer buf) throws IOException {
        if (closeState.get() == LOCAL) {
            throw closed("flush");
        }
        try {
            return buf.writeTo(channel);
        } catch (ClosedChannelException e) {
            throw closed("flush");
        } catch (IOException e) {
            closeWith("writing to the socket failed: " + e.getMessage(), e);
            throw new ConnectionClosedException(description + ": flush failed: " + e.getMessage(), e);
        }
    }

    /** Poller thread: ask for OP_WRITE. */
    private void wantWrite() {
        wantWrite = true;
        interest();
    }

    // ---------------------------------------------------------------- settings

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
        return closeState.get() == OPEN;
    }

    @Override
    public boolean isOpen() {
        return closeState.get() != LOCAL;
    }

    @Override
    public void setReadTimeout(Duration timeout) {
        readTimeoutNanos = nanos("read timeout", timeout);
    }

    @Override
    public void setWriteTimeout(Duration timeout) {
        writeTimeoutNanos = nanos("write timeout", timeout);
    }

    @Override
    public void setIdleTimeout(Duration timeout) {
        KeepAlive.apply(channel, nanos("idle timeout", timeout), description);
    }

    @Override
    public void setMaxInputBytes(int maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxInputBytes must not be negative, was " + maxBytes);
        }
        if (maxBytes > 0) {
            maxInputBytes = maxBytes;
        }
    }

    private static long nanos(String name, Duration timeout) {
        if (timeout == null) {
            return 0;
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + timeout);
        }
        return timeout.toNanos();
    }

    @Override
    public <C> void setOnRequest(OnRequest<C> onRequest, C context) {
        dispatch.setOnRequest(onRequest, context);
    }

    @Override
    public void pauseRead() {
        poller.execute(() -> {
            paused = true;
            interest();
        });
    }

    @Override
    public void resumeRead() {
        poller.execute(() -> {
            paused = false;
            interest();
        });
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    // ---------------------------------------------------------------- close

    @Override
    public void addCloseCallback(CloseCallback callback) {
        if (callback == null) {
            throw new NullPointerException("callback");
        }
        for (;;) {
            CallbackNode head = callbacks.get();
            if (head == CALLBACKS_DONE) {
                runCallback(callback);
                return;
            }
            if (callbacks.compareAndSet(head, new CallbackNode(callback, head))) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closeWith("it was closed locally", null);
    }

    /**
     * Closes the connection (from any thread), logging why unless it was an ordinary close.
     *
     * @param reason why, for messages ("it was closed locally", "the peer sent more than …")
     * @param cause the failure behind it, or null
     */
    void closeWith(String reason, Throwable cause) {
        for (;;) {
            int state = closeState.get();
            if (state == LOCAL) {
                return;
            }
            if (state == OPEN || !closeReason.startsWith("the peer")) {
                closeReason = reason;
            }
            if (closeState.compareAndSet(state, LOCAL)) {
                break;
            }
        }
        if (cause != null) {
            LOG.info("{} closed: {}", description, reason, cause);
        } else if (!reason.startsWith("it was closed") && !reason.startsWith("the peer")) {
            LOG.info("{} closed: {}", description, reason);
        }
        unpark(readWaiter);
        unpark(writeWaiter);
        closeSocket();
        dispatch.closed();
        leave();
    }

    /**
     * Closes the socket and runs the close callbacks, once; called when no handler is running
     * ({@link Dispatch} makes sure). Off the poller thread when there are callbacks to run.
     */
    void finish() {
        if (!callbacksRun.compareAndSet(false, true)) {
            return;
        }
        closeSocket();
        CallbackNode list = callbacks.getAndSet(CALLBACKS_DONE);
        if (list == null) {
            return;
        }
        if (poller.inPollerThread()) {
            try {
                executor.execute(() -> runCallbacks(list));
                return;
            } catch (RejectedExecutionException e) {
                LOG.debug("{}: executor refused the close callbacks; running them here", description);
            }
        }
        runCallbacks(list);
    }

    private void runCallbacks(CallbackNode list) {
        for (CallbackNode node = list; node != null; node = node.next) {
            runCallback(node.callback);
        }
    }

    private void runCallback(CloseCallback callback) {
        try {
            callback.onClose(this);
        } catch (Exception | Error e) {
            LOG.warn("{}: a close callback failed", description, e);
        }
    }

    private void closeSocket() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("{}: closing the socket failed", description, e);
        }
    }

    int closeState() {
        return closeState.get();
    }

    String description() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }

    private record CallbackNode(CloseCallback callback, CallbackNode next) {
    }
}
