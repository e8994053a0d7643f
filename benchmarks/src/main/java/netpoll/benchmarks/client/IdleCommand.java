package netpoll.benchmarks.client;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import netpoll.benchmarks.harness.Args;
import netpoll.benchmarks.harness.Endpoint;

/**
 * {@code idle --connections N --port P [--host H] | --unix PATH}: opens {@code N} connections (TCP or
 * Unix domain) to a server,
 * prints {@code IDLE-OPEN n=N} once all are connected, and holds them, idle, until its standard
 * input ends; the suite meanwhile reads the server's memory, to price an idle connection.
 */
public final class IdleCommand {

    /** The line that tells the suite every connection is open. */
    public static final String READY_PREFIX = "IDLE-OPEN ";

    private static final Set<String> OPTIONS = Set.of("connections", "host", "port", "unix");
    private static final int MAX_CONNECTIONS = 1_000_000;
    private static final int CONNECT_TIMEOUT_MILLIS = 5000;
    private static final int DRAIN_BUFFER_BYTES = 64;

    private IdleCommand() {
    }

    /**
     * Runs the command.
     *
     * @param argv the options
     * @param out where the ready line goes
     * @throws IOException when a connection cannot be opened
     */
    public static void run(String[] argv, PrintStream out) throws IOException {
        Args args = Args.parse(argv, OPTIONS);
        int count = args.integer("connections", 10_000, 1, MAX_CONNECTIONS);
        SocketAddress address = Endpoint.parse(args, "idle", false);
        List<Closeable> sockets = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(connect(address));
            }
            out.println(READY_PREFIX + "n=" + count);
            out.flush();
            drain(System.in);
        } finally {
            for (Closeable s : sockets) {
                s.close();
            }
        }
    }

    private static Closeable connect(SocketAddress address) throws IOException {
        if (Endpoint.isUnix(address)) {
            return SocketChannel.open(address);
        }
        Socket s = new Socket();
        try {
            s.connect(address, CONNECT_TIMEOUT_MILLIS);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] sink = new byte[DRAIN_BUFFER_BYTES];
        while (in.read(sink) >= 0) {
            continue;
        }
    }
}
