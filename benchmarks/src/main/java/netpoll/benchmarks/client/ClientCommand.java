package netpoll.benchmarks.client;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import netpoll.benchmarks.harness.Args;
import netpoll.benchmarks.harness.Endpoint;
import netpoll.benchmarks.harness.LoadGenerator;
import netpoll.benchmarks.harness.Measurement;
import netpoll.benchmarks.server.VirtualThreads;

/**
 * {@code client --impl netpoll|netty|netty-async|blocking --scenario 1|2|3 --concurrency N --size B
 * --duration S [--warmup S] [--timeout-ms MS] [--host H] --port N | --unix PATH
 * [--callers platform|virtual]}:
 * drives one echo server with {@code N} callers and prints a summary line and the
 * {@link Measurement#PREFIX RESULT} line the suite reads. The callers are threads that call an
 * {@link EchoClient} synchronously, except for {@code netty-async}, whose callers are state
 * machines on one event loop ({@link NettyAsyncLoad}).
 */
public final class ClientCommand {

    /** The implementations a client can be. */
    public static final List<String> IMPLS = List.of("netpoll", "netty", "netty-async", "blocking");

    /** Why the {@code blocking} client runs over TCP only. */
    public static final String UNIX_BLOCKING = "it runs over TCP only: its calls time out through"
            + " java.net.Socket's read timeout, and java.net.Socket has no Unix domain sockets";

    /** The client whose callers are state machines on one event loop, not threads. */
    public static final String ASYNC = "netty-async";

    private static final Set<String> OPTIONS = Set.of("impl", "scenario", "concurrency", "size",
            "duration", "warmup", "timeout-ms", "host", "port", "unix", "callers");
    private static final List<String> CALLER_KINDS = List.of("platform", "virtual");
    private static final int MAX_CONCURRENCY = 100_000;
    private static final int MAX_SECONDS = 3600;
    private static final int MAX_TIMEOUT_MILLIS = 60_000;
    private static final int DEFAULT_SIZE = 1024;
    private static final int DEFAULT_TIMEOUT_MILLIS = 1000;
    /**
     * How long a connect may take: generous, because thousands of set-up connects (scenario 2
     * opens five per caller) on a busy machine meet a dropped SYN, retried after 1 s, now and
     * then. A connect made inside a call still counts against that call's timeout.
     */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private ClientCommand() {
    }

    /**
     * Runs the command.
     *
     * @param argv the options
     * @param out where the summary and result lines go
     * @return the measurement
     * @throws Exception when the client cannot connect or a caller does not stop
     */
    public static Measurement run(String[] argv, PrintStream out) throws Exception {
        Args args = Args.parse(argv, OPTIONS);
        String impl = args.choice("impl", "netty", IMPLS);
        Scenario scenario = Scenario.of(args.integer("scenario", 1, 1, 3));
        int concurrency = args.integer("concurrency", 100, 1, MAX_CONCURRENCY);
        int size = args.integer("size", DEFAULT_SIZE, 1, Integer.MAX_VALUE);
        Duration duration = Duration.ofSeconds(args.integer("duration", 10, 1, MAX_SECONDS));
        Duration warmup = Duration.ofSeconds(args.integer("warmup", 3, 0, MAX_SECONDS));
        Duration timeout = Duration.ofMillis(args.integer("timeout-ms", DEFAULT_TIMEOUT_MILLIS, 1, MAX_TIMEOUT_MILLIS));
        SocketAddress address = Endpoint.parse(args, "client", false);
        ThreadFactory callers = callerThreads(args.choice("callers", "platform", CALLER_KINDS));
        out.printf(Locale.ROOT, "client %s scenario %d concurrency %d size %d: warm-up %ds,"
                + " measure %ds%n", impl, scenario.number(), concurrency, size,
                warmup.toSeconds(), duration.toSeconds());
        Measurement m;
        if (ASYNC.equals(impl)) {
            m = new NettyAsyncLoad(address, scenario, concurrency, size, timeout).run(warmup, duration, out);
        } else {
            try (EchoClient client = create(impl, address, scenario)) {
                if (scenario == Scenario.IDLE) {
                    client.openIdleConnections(Scenario.IDLE_PER_BUSY * concurrency);
                }
                m = new LoadGenerator(client, concurrency, size, timeout).run(warmup, duration, callers, out);
            }
        }
        out.println(m.toHumanLine());
        out.println(m.toLine());
        out.flush();
        return m;
    }

    /**
     * Makes a client.
     *
     * @param impl one of {@link #IMPLS} but {@link #ASYNC}, which is not an {@link EchoClient}
     * @param address the server: TCP, or a Unix socket's path (not for {@code blocking})
     * @param scenario how connections are used
     * @return the client, connected where the scenario needs it
     * @throws IOException when its first connections fail
     * @throws IllegalArgumentException for the {@code blocking} client on a Unix socket
     */
    public static EchoClient create(String impl, SocketAddress address, Scenario scenario)
            throws IOException {
        long connectNanos = CONNECT_TIMEOUT.toNanos();
        return switch (impl) {
            case "netty" -> new NettyEchoClient(address, scenario, connectNanos);
            case "blocking" -> {
                if (!(address instanceof InetSocketAddress inet)) {
                    throw new IllegalArgumentException("the blocking client cannot connect to " + address
                            + ": " + UNIX_BLOCKING);
                }
                yield new BlockingEchoClient(inet, scenario, connectNanos);
            }
            case "netpoll" -> NetpollClients.create(address, scenario, CONNECT_TIMEOUT);
            case ASYNC -> throw new IllegalArgumentException(ASYNC + " drives its own callers and is"
                    + " no EchoClient: run it as client --impl " + ASYNC);
            default -> throw new IllegalArgumentException("unknown client --impl " + impl + ": " + IMPLS);
        };
    }

    private static ThreadFactory callerThreads(String kind) {
        if ("virtual".equals(kind)) {
            return VirtualThreads.factory("caller-");
        }
        AtomicInteger counter = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "caller-" + counter.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
    }
}
