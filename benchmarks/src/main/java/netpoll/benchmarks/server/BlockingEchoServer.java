package netpoll.benchmarks.server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import netpoll.benchmarks.echo.EchoHandler;
import netpoll.benchmarks.echo.EchoProtocol;

/**
 * A thread-per-connection server on {@code java.net} sockets, as Go's {@code net} server is
 * goroutine-per-connection: {@code blocking} gives each connection a platform thread,
 * {@code virtual} a virtual thread. In {@code rpc} mode the connection's thread reads a request,
 * runs the handler and writes the response (flushed once no more input is buffered). In
 * {@code mux} mode it only reads, hands each request to {@code muxExecutor}, and the handler
 * writes its response under the connection's write lock.
 *
 * <p>Thread contract: {@link #start()}/{@link #close()} from the controlling thread; one
 * acceptor thread; one thread per connection, which alone reads its socket; in mux mode the
 * connection's output is written only under its lock.
 */
public final class BlockingEchoServer implements EchoServer {

    private static final int BACKLOG = 4096;
    private static final int STREAM_BUFFER_BYTES = 8192;
    private static final long JOIN_MILLIS = 2000;

    private final InetSocketAddress address;
    private final ServerMode mode;
    private final ThreadFactory connectionThreads;
    private final Executor muxExecutor;
    private final String name;
    /** Open connections; added by the acceptor, removed by each connection's thread. */
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private ServerSocket serverSocket;
    private Thread acceptor;

    /**
     * @param name "blocking" or "virtual", for thread names and messages
     * @param address where to listen
     * @param mode {@code rpc} or {@code mux}
     * @param connectionThreads makes each connection's thread
     * @param muxExecutor runs the handler in {@code mux} mode; shut down by {@link #close()}
     *     when it is an {@link ExecutorService}
     * @throws IllegalArgumentException for {@code serial} mode, which only event-loop servers have
     */
    public BlockingEchoServer(String name, InetSocketAddress address, ServerMode mode,
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
        serverSocket = new ServerSocket();
        serverSocket.setReuseAddress(true);
        try {
            serverSocket.bind(address, BACKLOG);
        } catch (IOException e) {
            serverSocket.close();
            throw new IOException(name + " server cannot bind " + address + ": " + e.getMessage(), e);
        }
        acceptor = new Thread(this::acceptLoop, name + "-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        return serverSocket.getLocalSocketAddress();
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            Socket socket;
            try {
                socket = serverSocket.accept();
                socket.setTcpNoDelay(true);
            } catch (IOException e) {
                return;
            }
            connections.add(socket);
            connectionThreads.newThread(() -> serve(socket)).start();
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(
                    new BufferedInputStream(socket.getInputStream(), STREAM_BUFFER_BYTES));
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), STREAM_BUFFER_BYTES);
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
            connections.remove(socket);
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
        try {
            if (serverSocket != null) {
                serverSocket.close();
            }
        } catch (IOException ignored) {
            // closing for good
        }
        for (Socket s : connections) {
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
}
