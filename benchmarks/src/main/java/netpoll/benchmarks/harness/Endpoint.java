package netpoll.benchmarks.harness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;

/**
 * Where a server listens or a client connects, from the command line: {@code --unix PATH} (a Unix
 * domain socket) or {@code --host H --port N} (TCP).
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
}
