package netpoll.nio.internal;

import java.io.EOFException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import netpoll.api.ConnectionClosedException;
import netpoll.api.OnConnect;
import netpoll.api.OnDisconnect;
import netpoll.api.OnRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a connection's handler: at most one {@link OnRequest} at a time, again while input
 * remains and the handler makes progress, at least once for bytes that arrived before the peer
 * hung up, never in a loop over input it does not consume (Go netpoll issue #80), and never
 * overlapping the close callbacks.
 *
 * <h2>Handler state ({@link #state})</h2>
 * <pre>
 *            inputArrived (poller): CAS, submit
 *   IDLE ───────────────────────────────────────▶ RUNNING ──inputArrived: CAS──▶ PENDING
 *    ▲  │                                          │   ▲                           │
 *    │  │ settle() once closed: CAS                │   └──── handler loops ────────┘
 *    │  ▼                                          │ no input left / no progress: CAS
 *   CLOSED (close callbacks run once, here)        ▼
 *                                                 IDLE
 * </pre>
 * IDLE→RUNNING and IDLE→CLOSED are both CASes from IDLE, so a handler is never scheduled once
 * the callbacks have started, and the callbacks never start while a handler runs: a close that
 * finds the handler RUNNING leaves the callbacks to the handler's exit ({@link #settle()}).
 *
 * <p>Threads: {@link #inputArrived} and {@link #peerGone} run on the poller thread; {@link #run}
 * on a worker (on the poller in serial mode); {@link #closed} and {@link #setOnRequest} on any
 * thread.
 */
final class Dispatch implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatch.class);

    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int PENDING = 2;
    private static final int CLOSED = 3;
    private static final VarHandle STATE = Fields.handle(MethodHandles.lookup(), "state", int.class);

    private final NioConnection conn;
    private final Executor executor;
    /** IDLE, RUNNING, PENDING or CLOSED; CAS (a field, not an AtomicInteger: see {@link Fields}). */
    private volatile int state = IDLE;

    /** Written by setOnRequest (any thread), read by the poller and the handler. */
    private volatile OnRequest<Object> onRequest;
    /** Written by setOnRequest and by the handler (onConnect's result); read by the handler. */
    private volatile Object context;
    /** Server connections only: read by the handler, cleared after its one run. */
    private volatile OnConnect<Object> onConnect;
    private volatile OnDisconnect<Object> onDisconnect;
    /**
     * Server connections only: the event loop, told when a handler returns during shutdown and
     * when the connection is finished. Set before the connection is served.
     */
    private volatile NioEventLoop loop;

    Dispatch(NioConnection conn, Executor executor) {
        this.conn = conn;
        this.executor = executor;
    }

    /** Server connections, as soon as the event loop counts them: who to tell when they finish. */
    void ownedBy(NioEventLoop owner) {
        this.loop = owner;
    }

    /** The connection is finished (socket closed, close callbacks run): its event loop forgets it. */
    void finished() {
        NioEventLoop owner = loop;
        if (owner != null) {
            owner.removed(conn);
        }
    }

    /**
     * Server connections, before registration: the event loop's callbacks. With an OnConnect
     * the state starts RUNNING, so input that arrives before {@link #start()} waits for it.
     */
    @SuppressWarnings("unchecked")
    <C> void serve(OnRequest<C> onRequest, Object context, OnConnect<C> onConnect,
                   OnDisconnect<C> onDisconnect) {
        this.onRequest = (OnRequest<Object>) onRequest;
        this.context = context;
        this.onConnect = (OnConnect<Object>) onConnect;
        this.onDisconnect = (OnDisconnect<Object>) onDisconnect;
        if (onConnect != null) {
            state = RUNNING;
        }
    }

    /** After registration: runs OnConnect when there is one. */
    void start() {
        if (onConnect != null) {
            submit();
        }
    }

    @SuppressWarnings("unchecked")
    <C> void setOnRequest(OnRequest<C> handler, C ctx) {
        this.context = ctx;
        this.onRequest = (OnRequest<Object>) handler;
        if (handler != null && conn.length() > 0) {
            conn.poller.execute(this::inputArrived);
        }
    }

    /** @return true when no handler is running or scheduled */
    boolean isIdle() {
        return state == IDLE;
    }

    /** Poller thread: bytes arrived. */
    void inputArrived() {
        if (onRequest == null) {
            return;
        }
        for (;;) {
            int s = state;
            if (s == IDLE) {
                if (STATE.compareAndSet(this, IDLE, RUNNING)) {
                    conn.poller.handedOff();
                    submit();
                    return;
                }
            } else if (s == RUNNING) {
                if (STATE.compareAndSet(this, RUNNING, PENDING)) {
                    conn.poller.handedOff();
                    return;
                }
            } else {
                return;
            }
        }
    }

    /** Poller thread: the peer hung up. Buffered input is still handled before the close. */
    void peerGone() {
        OnDisconnect<Object> disconnect = onDisconnect;
        if (disconnect != null) {
            Object ctx = context;
            execute(() -> disconnect.onDisconnect(ctx, conn));
        }
        if (conn.buffered() > 0) {
            inputArrived();
        }
        settle();
    }

    /** Any thread: the connection was closed locally. */
    void closed() {
        settle();
    }

    /**
     * Finishes a closed connection if no handler runs: a server (or event-driven) connection
     * whose peer hung up is closed locally, and the socket is closed and the close callbacks
     * run.
     */
    private void settle() {
        int cs = conn.closeState();
        if (cs == NioConnection.OPEN || !STATE.compareAndSet(this, IDLE, CLOSED)) {
            return;
        }
        if (onRequest != null) {
            // the handler is this connection's reader and it is not running: views it kept
            // across calls can no longer be read, so they must not keep the buffers
            conn.dropReaderHold();
            if (cs == NioConnection.PEER) {
                conn.closeWith("the peer closed it and its input was handled", null);
            }
        }
        conn.finish();
    }

    private void submit() {
        try {
            executor.execute(this);
        } catch (RejectedExecutionException e) {
            state = IDLE;
            conn.closeWith("the executor refused its handler (" + e.getMessage() + ")", e);
        }
    }

    private void execute(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: executor refused a callback; running it here", conn, e);
            task.run();
        }
    }

    @Override
    public void run() {
        if (!conn.tryEnter()) {
            state = IDLE;
            settle();
            return;
        }
        try {
            connect();
            handle();
        } finally {
            if (conn.closeState() == NioConnection.LOCAL) {
                // a handler that swallowed the close keeps no view or staged bytes alive
                conn.dropHoldsOfCurrentThread();
            }
            conn.leave();
        }
        NioEventLoop owner = loop;
        if (owner != null && owner.isShuttingDown()) {
            conn.close();
        }
        settle();
    }

    private void connect() {
        OnConnect<Object> c = onConnect;
        if (c == null) {
            return;
        }
        onConnect = null;
        try {
            context = c.onConnect(context, conn);
        } catch (Exception | Error e) {
            fail("OnConnect", e);
        }
    }

    /** The handler loop; leaves the state IDLE. */
    private void handle() {
        for (;;) {
            if (conn.closeState() == NioConnection.LOCAL) {
                state = IDLE;
                return;
            }
            OnRequest<Object> handler = onRequest;
            int before = conn.buffered();
            boolean ran = handler != null && before > 0;
            if (ran) {
                try {
                    handler.onRequest(context, conn);
                } catch (Exception | Error e) {
                    fail("OnRequest", e);
                    state = IDLE;
                    return;
                }
            }
            if (state == PENDING) {
                state = RUNNING;
                continue;
            }
            if (ran && conn.closeState() != NioConnection.LOCAL) {
                int after = conn.buffered();
                if (after > 0 && after < before) {
                    continue;
                }
            }
            if (STATE.compareAndSet(this, RUNNING, IDLE)) {
                return;
            }
            state = RUNNING;
        }
    }

    private void fail(String callback, Throwable e) {
        if (e instanceof VirtualMachineError vme) {
            conn.closeWith("its " + callback + " failed: " + e, e);
            throw vme;
        }
        if (conn.closeState() != NioConnection.OPEN
                && (e instanceof EOFException || e instanceof ConnectionClosedException)) {
            // not a handler failure: the handler met the end the peer or a close made, and a storm
            // of peers leaving mid-request must not flood the log with warnings
            conn.closeWith("the peer left before its " + callback + " was done (" + e.getMessage() + ")", null);
            return;
        }
        conn.closeWith("its " + callback + " threw " + e, e);
    }
}
