package netpoll.benchmarks.server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import netpoll.benchmarks.echo.EchoHandler;
import netpoll.benchmarks.echo.EchoProtocol;
import netpoll.benchmarks.harness.Endpoint;

/**
 * A thread-per-connection server on {@code java.net} sockets, as Go's {@code net} server is
 * goroutine-per-connection: {@code blocking} gives each connection a platform thread,
 * {@code virtual} a virtual thread. In {@code rpc} mode the connection's thread reads a request,
 * runs the handler and writes the response (flushed once no more input is buffered). In
 * {@code mux} mode it only reads, hands each request to {@code muxExecutor}, and the handler
 * writes its response under the connection's write lock. TCP connections are {@code java.net}
 * sockets, as users of this model write them; Unix domain sockets, which {@code java.net.Socket}
 * does not open, are blocking {@link SocketChannel}s.
 *
 * <p>Thread contract: {@link #start()}/{@link #close()} from the controlling thread; one
 * acceptor thread; one thread per connection, which alone reads its socket; in mux mode the
 * connection's output is written only under its lock.
 */
public final class BlockingEchoServer implements EchoServer {

    private static final int BACKLOG = 4096;
    private static final int STREAM_BUFFER_BYTES = 8192;
    private static final long JOIN_MILLIS = 2000;

    private final SocketAddress address;
    private final ServerMode mode;
    private final ThreadFactory connectionThreads;
    private final Executor muxExecutor;
    private final String name;
    /** Open connections; added by the acceptor, removed by each connection's thread. */
    private final Set<Closeable> connections = ConcurrentHashMap.newKeySet();
    private Listening listening;
    private Thread acceptor;

    /**
     * @param name "blocking" or "virtual", for thread names and messages
     * @param address where to listen: TCP, or a Unix socket's path (its file is deleted on close)
     * @param mode {@code rpc} or {@code mux}
     * @param connectionThreads makes each connection's thread
     * @param muxExecutor runs the handler in {@code mux} mode; shut down by {@link #close()}
     *     when it is an {@link ExecutorService}
     * @throws IllegalArgumentException for {@code serial} mode, which only event-loop servers have
     */
    public BlockingEchoServer(String name, SocketAddress address, ServerMode mode,
            ThreadFactory connectionThreads, Executor muxExecutor) {
        if (mode == ServerMode.SERIAL) {
            throw new IllegalArgumentException("the " + name + " server has no serial mode: it"
                    + " already handles each request on its connection's own thread; use rpc");
        }
        this.name = name;
        this.address = address;
        this.mode = mode;
        this.connectionThreads = connectionThreads;
        this.muxExecutor = muxExecutor;
    }

    @Override
    public SocketAddress start() throws IOException {
        try {
            listening = Endpoint.isUnix(address) ? Listening.unix(address) : Listening.tcp(address);
        } catch (IOException e) {
            throw new IOException(name + " server cannot bind " + address + ": " + e.getMessage(), e);
        }
        acceptor = new Thread(this::acceptLoop, name + "-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        return listening.localAddress();
    }

    private void acceptLoop() {
        while (true) {
            Accepted accepted;
            try {
                accepted = listening.accept().next();
            } catch (IOException e) {
                return; // closed by close(), or failed for good: no more connections either way
            }
            connections.add(accepted.socket());
            connectionThreads.newThread(() -> serve(accepted)).start();
        }
    }

    private void serve(Accepted accepted) {
        try (Closeable socket = accepted.socket()) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(accepted.in(), STREAM_BUFFER_BYTES));
            OutputStream out = new BufferedOutputStream(accepted.out(), STREAM_BUFFER_BYTES);
            if (mode == ServerMode.MUX) {
                muxLoop(in, out);
            } else {
                rpcLoop(in, out);
            }
        } catch (EOFException peerClosed) {
            // the client hung up between requests: the normal end of a connection
        } catch (IOException e) {
            // reset by the peer or closed by close(): the connection is over either way
        } finally {
            connections.remove(accepted.socket());
        }
    }

    private static void rpcLoop(DataInputStream in, OutputStream out) throws IOException {
        while (true) {
            byte[] request = EchoProtocol.readFrame(in);
            EchoProtocol.writeFrame(out, EchoHandler.respond(request));
            if (in.available() == 0) {
                out.flush();
            }
        }
    }

    private void muxLoop(DataInputStream in, OutputStream out) throws IOException {
        ReentrantLock writeLock = new ReentrantLock();
        while (true) {
            byte[] request = EchoProtocol.readFrame(in);
            muxExecutor.execute(() -> respondUnderLock(request, out, writeLock));
        }
    }

    private static void respondUnderLock(byte[] request, OutputStream out, ReentrantLock writeLock) {
        byte[] response = EchoHandler.respond(request);
        writeLock.lock();
        try {
            EchoProtocol.writeFrame(out, response);
            out.flush();
        } catch (IOException e) {
            // the connection died; its read loop sees the same and ends it
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void close() {
        if (listening != null) {
            try {
                listening.server().close();
            } catch (IOException ignored) {
                // closing for good
            }
            Endpoint.deleteSocketFileQuietly(address);
        }
        for (Closeable s : connections) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing for good
            }
        }
        if (muxExecutor instanceof ExecutorService pool) {
            pool.shutdownNow();
        }
        if (acceptor != null) {
            try {
                acceptor.join(TimeUnit.MILLISECONDS.toMillis(JOIN_MILLIS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** An accepted connection: what to close, and its streams. */
    private record Accepted(Closeable socket, InputStream in, OutputStream out) {
    }

    /** Blocks until the next connection arrives; fails once the server socket is closed. */
    private interface Accept {
        Accepted next() throws IOException;
    }

    /**
     * The bound server socket ({@code java.net} for TCP, a blocking channel for a Unix socket),
     * how to accept on it, and where it is bound.
     */
    private record Listening(Closeable server, Accept accept, SocketAddress localAddress) {

        static Listening tcp(SocketAddress address) throws IOException {
            ServerSocket server = new ServerSocket();
            try {
                server.setReuseAddress(true);
                server.bind(address, BACKLOG);
            } catch (IOException e) {
                server.close();
                throw e;
            }
            return new Listening(server, () -> {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                return new Accepted(s, s.getInputStream(), s.getOutputStream());
            }, server.getLocalSocketAddress());
        }

        static Listening unix(SocketAddress address) throws IOException {
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                server.bind(address, BACKLOG);
                SocketAddress bound = server.getLocalAddress();
                return new Listening(server, () -> {
                    SocketChannel ch = server.accept();
                    return new Accepted(ch, ChannelStreams.input(ch), ChannelStreams.output(ch));
                }, bound);
            } catch (IOException e) {
                server.close();
                throw e;
            }
        }
    }
}
