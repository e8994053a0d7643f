package netpoll.benchmarks.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;

/**
 * Where a server listens or a client connects, from the command line: {@code --unix PATH} (a Unix
 * domain socket) or {@code --host H --port N} (TCP), and the stream adapters the thread-per-connection
 * implementations use on Unix sockets, which {@code java.net.Socket} does not open.
 */
public final class Endpoint {

    private static final int MAX_PORT = 65_535;

    private Endpoint() {
    }

    /**
     * @param args the command's options
     * @param command the command's name, for the message
     * @param anyPort whether port 0 (any free port) is allowed and {@code --port} may be left out
     * @return a {@link UnixDomainSocketAddress} for {@code --unix}, else an {@link InetSocketAddress}
     * @throws IllegalArgumentException when both or neither (where a port is needed) are given
     */
    public static SocketAddress parse(Args args, String command, boolean anyPort) {
        if (args.has("unix")) {
            if (args.has("port") || args.has("host")) {
                throw new IllegalArgumentException(command + " takes --unix PATH or --host/--port, not both");
            }
            return UnixDomainSocketAddress.of(args.string("unix", ""));
        }
        if (!anyPort && !args.has("port")) {
            throw new IllegalArgumentException(command + " needs --port (or --unix PATH) of a running echo server");
        }
        return new InetSocketAddress(args.string("host", "127.0.0.1"),
                args.integer("port", 0, anyPort ? 0 : 1, MAX_PORT));
    }

    /**
     * @param address an address
     * @return whether it names a Unix domain socket
     */
    public static boolean isUnix(SocketAddress address) {
        return address instanceof UnixDomainSocketAddress;
    }

    /**
     * Deletes the file of a Unix server socket this process bound and closed (neither the JDK
     * nor Netty deletes it, and the next bind to the path would fail); does nothing for TCP
     * addresses. A failure is ignored: the server is closing for good.
     *
     * @param address the closed server's address
     */
    public static void deleteSocketFileQuietly(SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress unix) {
            try {
                Files.deleteIfExists(unix.getPath());
            } catch (IOException ignored) {
                // nothing to do about it: the next bind names the path in its error
            }
        }
    }

    /**
     * An input stream straight on a blocking channel. Not {@code Channels.newInputStream}: on
     * JDK 17 its reads hold the channel's blocking lock, which its output stream's writes also
     * take, so a thread blocked reading would stop another from writing the response.
     *
     * @param channel a connected channel in blocking mode
     * @return its input
     */
    public static InputStream input(SocketChannel channel) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return len == 0 ? 0 : channel.read(ByteBuffer.wrap(b, off, len));
            }
        };
    }

    /**
     * An output stream straight on a blocking channel (see {@link #input}).
     *
     * @param channel a connected channel in blocking mode
     * @return its output
     */
    public static OutputStream output(SocketChannel channel) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        };
    }
}
