package netpoll.benchmarks.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import netpoll.benchmarks.harness.Args;
import netpoll.benchmarks.harness.Endpoint;

/**
 * {@code server --impl netpoll|netty|blocking|virtual --mode rpc|mux|serial --port N
 * [--host H] [--unix PATH] [--workers N] [--until-stdin-closes]}: starts one echo server, prints
 * {@code LISTENING port=N} once it accepts connections, and serves until it is stopped (Ctrl-C,
 * SIGTERM, or, with {@code --until-stdin-closes}, the end of standard input, which is how the
 * suite makes sure a server never outlives it).
 */
public final class ServerCommand {

    /** The implementations a server can be. */
    public static final List<String> IMPLS = List.of("netpoll", "netty", "blocking", "virtual");

    /** The line that tells a parent process the server is up, followed by the port. */
    public static final String READY_PREFIX = "LISTENING port=";

    private static final Set<String> OPTIONS = Set.of("impl", "mode", "host", "port", "unix",
            "workers", "until-stdin-closes");
    private static final int MAX_WORKERS = 4096;
    private static final int DRAIN_BUFFER_BYTES = 64;

    private ServerCommand() {
    }

    /**
     * Runs the command.
     *
     * @param argv the options
     * @param out where the ready line goes
     * @throws Exception when the server cannot start
     */
    public static void run(String[] argv, PrintStream out) throws Exception {
        Args args = Args.parse(argv, OPTIONS);
        String impl = args.choice("impl", "netty", IMPLS);
        ServerMode mode = ServerMode.of(args.choice("mode", "rpc", ServerMode.NAMES));
        SocketAddress address = Endpoint.parse(args, "server", true);
        int workers = args.integer("workers", BusinessExecutor.defaultThreads(), 1, MAX_WORKERS);
        EchoServer server = create(impl, mode, address, workers);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "server-shutdown"));
        SocketAddress bound = server.start();
        int boundPort = bound instanceof InetSocketAddress inet ? inet.getPort() : 0;
        out.println(READY_PREFIX + boundPort + " address=" + bound + " impl=" + impl + " mode="
                + mode.name().toLowerCase(Locale.ROOT) + " pid=" + ProcessHandle.current().pid());
        out.flush();
        if (args.has("until-stdin-closes")) {
            drain(System.in);
            System.exit(0);
        }
        stopped.await();
    }

    /**
     * Makes a server (not yet started).
     *
     * @param impl one of {@link #IMPLS}
     * @param mode how the handler runs
     * @param address a TCP address (port 0 for any free one) or a Unix socket's path
     * @param workers the business pool's size where the implementation has one
     * @return the server
     * @throws IllegalArgumentException when the combination is not offered, with the reason
     */
    public static EchoServer create(String impl, ServerMode mode, SocketAddress address, int workers) {
        return switch (impl) {
            case "netty" -> new NettyEchoServer(address, mode, workers);
            case "blocking" -> new BlockingEchoServer("blocking", address, mode,
                    platformThreads(), BusinessExecutor.create(workers, "blocking-business-"));
            case "virtual" -> {
                var threads = VirtualThreads.factory("virtual-conn-");
                yield new BlockingEchoServer("virtual", address, mode, threads,
                        task -> threads.newThread(task).start());
            }
            case "netpoll" -> NetpollServers.create(address, mode, workers);
            default -> throw new IllegalArgumentException("unknown server --impl " + impl + ": " + IMPLS);
        };
    }

    private static ThreadFactory platformThreads() {
        return r -> {
            Thread t = new Thread(r, "blocking-conn");
            t.setDaemon(true);
            return t;
        };
    }

    private static void drain(InputStream in) throws IOException {
        byte[] sink = new byte[DRAIN_BUFFER_BYTES];
        while (in.read(sink) >= 0) {
            continue;
        }
    }
}
