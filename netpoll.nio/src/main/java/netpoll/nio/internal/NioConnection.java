package netpoll.nio.internal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import netpoll.api.CloseCallback;
import netpoll.api.Connection;
import netpoll.api.ConnectionClosedException;
import netpoll.api.OnRequest;
import netpoll.api.Reader;
import netpoll.api.Writer;
import netpoll.mcache.Mcache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A socket served by one {@link Poller}: its state, its close sequence, and
 * (through {@link Input}, {@link Output} and {@link Dispatch}) its reader, writer and handler.
 *
 * <h2>Threads</h2>
 * <ul>
 * <li>Poller thread only: {@link #onReady}, {@link #register}, {@link #closeByPoller}, and every
 *     change of the key's interest set ({@link #interest}).</li>
 * <li>The reader (one thread at a time): the {@link Reader} methods and {@link #read}, carried
 *     out by {@link Input}, which the poller fills meanwhile (LinkBuffer's one-reader/one-writer
 *     protocol).</li>
 * <li>The writer (one thread at a time): the {@link Writer} staging methods, carried out by
 *     {@link Output}, which the flushing thread drains; {@link #flush} and
 *     {@link #write} may be called from any thread and serialize in {@link Output}.</li>
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
 * handler, a reader or writer inside a call, a hold) has left: {@link ConnectionUsers} counts
 * them, plus one for the connection being open, so the buffers are freed when it reaches zero.
 */
final class NioConnection extends ConnectionUsers implements Connection, Poller.Ready, Poller.Closing {

    private static final Logger LOG = LoggerFactory.getLogger(NioConnection.class);

    // updated atomically through these, not through Atomic* objects (see Fields)
    private static final VarHandle CLOSE_STATE = Fields.handle(MethodHandles.lookup(), "closeState", int.class);
    private static final VarHandle CALLBACKS_RUN = Fields.handle(MethodHandles.lookup(), "callbacksRun", boolean.class);

    static final int OPEN = 0;
    static final int PEER = 1;
    static final int LOCAL = 2;

    final Poller poller;
    final SocketChannel channel;
    private final Executor executor;
    private final SocketAddress local;
    private final SocketAddress remote;
    private final Input input;
    private final Output output;
    final Dispatch dispatch;

    /** Poller thread only. */
    private SelectionKey key;
    /**
     * Reading paused by pauseRead(): written by any thread, read by the poller before every
     * read, so no byte is read after pauseRead() returns; the interest set follows on the poller.
     */
    private volatile boolean paused;
    /** Poller thread only: a writer waits for OP_WRITE, or the poller drains output itself. */
    private boolean wantWrite;

    /** CAS by the closer (any thread) and the poller (PEER); read by everyone. */
    private volatile int closeState = OPEN;
    /** Written once by the first closer before closeState turns LOCAL; read after it. */
    private volatile String closeReason = "";
    /** Run once by the closer when the state turns LOCAL; set before registration, then read only. */
    private volatile Runnable onLocalClose;
    /** Set once (CAS) by whoever closes the socket and runs the close callbacks. */
    private volatile boolean callbacksRun;
    private final CloseCallbacks callbacks = new CloseCallbacks();

    NioConnection(Poller poller, SocketChannel channel, Mcache mcache, Executor executor,
                  int maxInputBytes) throws IOException {
        this.poller = poller;
        this.channel = channel;
        this.executor = executor;
        this.local = channel.getLocalAddress();
        this.remote = channel.getRemoteAddress();
        this.input = new Input(this, mcache, maxInputBytes);
        this.output = new Output(this, mcache);
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
        if (closeState != OPEN) {
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
        if (closeState != OPEN || paused) {
            interest();
            return;
        }
        int room = input.room();
        if (room <= 0) {
            // not "the peer …": closeWith logs no reason that starts so, and this one must be logged
            closeWith("input cap reached: the peer sent more than the input cap of " + input.maxBytes
                    + " unread bytes", null);
            return;
        }
        int n;
        try {
            n = input.fill(channel, room);
        } catch (IOException e) {
            onPeerGone(e);
            return;
        }
        if (n < 0) {
            onPeerGone(null);
        } else if (n > 0) {
            input.wake();
            dispatch.inputArrived();
        }
    }

    private void onWritable() {
        wantWrite = false;
        interest();
        output.onWritable();
    }

    /** Poller thread: the peer hung up (EOF) or reset the connection. */
    private void onPeerGone(IOException cause) {
        if (!CLOSE_STATE.compareAndSet(this, OPEN, PEER)) {
            return;
        }
        if (cause != null) {
            closeReason = "the peer reset it (" + cause.getMessage() + ")";
        } else {
            closeReason = "the peer closed it";
        }
        interest();
        input.wake();
        output.wake();
        dispatch.peerGone();
    }

    /** Poller thread: sets the key's interest from the state. */
    private void interest() {
        SelectionKey k = key;
        if (k == null || !k.isValid()) {
            return;
        }
        int ops = (closeState == OPEN && !paused ? SelectionKey.OP_READ : 0)
                | (wantWrite ? SelectionKey.OP_WRITE : 0);
        if (k.interestOps() != ops) {
            k.interestOps(ops);
        }
    }

    @Override
    public void closeByPoller() {
        closeWith("its poller stopped", null);
    }

    // ---------------------------------------------------------------- users (ConnectionUsers)

    /**
     * The last user left a closed connection: frees its buffers, on the poller thread. The poller
     * fills {@link #input} and drains the output in serial mode without being counted, so freeing
     * them anywhere else could race a read in progress (a node allocated by that read after the
     * free would never go back).
     */
    @Override
    void lastUserLeft() {
        poller.execute(this::freeBuffers);
    }

    private void freeBuffers() {
        input.free();
        output.free();
    }

    @Override
    boolean closedLocally() {
        return closeState == LOCAL;
    }

    @Override
    ConnectionClosedException closed(String what) {
        return new ConnectionClosedException(description() + ": " + what + " on a closed connection ("
                + closeReason + ")");
    }

    // ---------------------------------------------------------------- reader

    /** Any thread: bytes buffered for the reader. */
    int buffered() {
        return input.buffered();
    }

    @Override
    public ByteBuffer next(int n) throws IOException {
        return input.next(n);
    }

    @Override
    public ByteBuffer peek(int n) throws IOException {
        return input.peek(n);
    }

    @Override
    public void skip(int n) throws IOException {
        input.skip(n);
    }

    @Override
    public ByteBuffer until(byte delim) throws IOException {
        return input.until(delim);
    }

    @Override
    public String readString(int n, Charset charset) throws IOException {
        return input.readString(n, charset);
    }

    @Override
    public byte[] readBinary(int n) throws IOException {
        return input.readBinary(n);
    }

    @Override
    public byte readByte() throws IOException {
        return input.readByte();
    }

    @Override
    public short readShort() throws IOException {
        return input.readShort();
    }

    @Override
    public int readInt() throws IOException {
        return input.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return input.readLong();
    }

    @Override
    public Reader slice(int n) throws IOException {
        return input.slice(n);
    }

    @Override
    public void release() {
        input.release();
    }

    @Override
    public int length() {
        return closeState == LOCAL ? 0 : input.buffered();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return input.read(dst);
    }

    // ---------------------------------------------------------------- writer

    // Staging calls are carried out by Output, which takes the writer's hold first.

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
        if (takeWriterHold()) {
            output.buffer().append(other instanceof NioConnection c ? c.output.buffer() : other);
        } else {
            other.mallocAck(0);
        }
    }

    @Override
    public int mallocLength() {
        return output.mallocLength();
    }

    @Override
    public void flush() throws IOException {
        try {
            enter("flush");
            try {
                output.flush();
            } finally {
                leave();
            }
        } finally {
            dropWriterHold();
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (!src.hasRemaining()) {
            return 0;
        }
        enter("write");
        try {
            return output.write(src);
        } finally {
            leave();
        }
    }

    /** Poller thread: ask for OP_WRITE. */
    void wantWrite() {
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
        return closeState == OPEN;
    }

    @Override
    public boolean isOpen() {
        return closeState != LOCAL;
    }

    @Override
    public void setReadTimeout(Duration timeout) {
        input.timeoutNanos = nanos("read timeout", timeout);
    }

    @Override
    public void setWriteTimeout(Duration timeout) {
        output.writeTimeoutNanos = nanos("write timeout", timeout);
    }

    @Override
    public void setIdleTimeout(Duration timeout) {
        KeepAlive.apply(channel, nanos("idle timeout", timeout), this);
    }

    @Override
    public void setMaxInputBytes(int maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxInputBytes must not be negative, was " + maxBytes);
        }
        if (maxBytes > 0) {
            input.maxBytes = maxBytes;
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
        paused = true;
        poller.execute(this::interest);
    }

    @Override
    public void resumeRead() {
        paused = false;
        poller.execute(this::interest);
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

    /**
     * Sets what runs once when the connection is closed locally (not when the peer hangs up):
     * the transport forgets a dialed connection then, so that its close can still find one whose
     * peer hung up and free its buffers. Set before the connection is registered.
     */
    void onLocalClose(Runnable action) {
        this.onLocalClose = action;
    }

    @Override
    public void addCloseCallback(CloseCallback callback) {
        callbacks.add(callback, this);
    }

    @Override
    public void close() {
        closeWith("it was closed locally", null);
    }

    /**
     * Closes the connection (from any thread), logging why unless it was an ordinary close.
     *
     * @param reason why, for messages ("it was closed locally", "input cap reached: …")
     * @param cause the failure behind it, or null
     */
    void closeWith(String reason, Throwable cause) {
        dropHoldsOfCurrentThread();
        for (;;) {
            int state = closeState;
            if (state == LOCAL) {
                return;
            }
            if (state == OPEN || !closeReason.startsWith("the peer")) {
                closeReason = reason;
            }
            if (CLOSE_STATE.compareAndSet(this, state, LOCAL)) {
                break;
            }
        }
        if (cause != null) {
            poller.closeLog().warn("{} closed: {}", this, reason, cause);
        } else if (!reason.startsWith("it was closed") && !reason.startsWith("the peer")) {
            poller.closeLog().info("{} closed: {}", this, reason);
        }
        input.wake();
        output.wake();
        closeSocket();
        Runnable closedHere = onLocalClose;
        if (closedHere != null) {
            closedHere.run();
        }
        dispatch.closed();
        leave();
    }

    /**
     * Closes the socket and runs the close callbacks, once; called when no handler is running
     * ({@link Dispatch} makes sure). Off the poller thread when there are callbacks to run.
     */
    void finish() {
        if (!CALLBACKS_RUN.compareAndSet(this, false, true)) {
            return;
        }
        closeSocket();
        CloseCallbacks.Node list = callbacks.takeAll();
        if (list != null && poller.inPollerThread()) {
            try {
                executor.execute(() -> finished(list));
                return;
            } catch (RejectedExecutionException e) {
                LOG.debug("{}: executor refused the close callbacks; running them here", description());
            }
        }
        finished(list);
    }

    /** Runs the close callbacks (newest first), then tells the event loop, if any, that it is done. */
    private void finished(CloseCallbacks.Node list) {
        CloseCallbacks.runAll(list, this);
        dispatch.finished();
    }

    private void closeSocket() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("{}: closing the socket failed", description(), e);
        }
    }

    int closeState() {
        return closeState;
    }

    /** @return why the connection closed (or is closing), for messages; "" while open */
    String closeReason() {
        return closeReason;
    }

    /** @return "connection local -> remote", for messages (made when needed: most never are) */
    String description() {
        return "connection " + local + " -> " + remote;
    }

    @Override
    public String toString() {
        return description();
    }
}
