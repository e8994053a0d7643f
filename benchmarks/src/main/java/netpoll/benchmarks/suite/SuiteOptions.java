package netpoll.benchmarks.suite;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import netpoll.benchmarks.client.ClientCommand;
import netpoll.benchmarks.harness.Args;
import netpoll.benchmarks.server.ServerCommand;

/**
 * The suite's settings, from its command line; {@code quick} changes only the defaults.
 *
 * @param tests "server", "client" and/or "idle" (server memory with idle connections)
 * @param scenarios which of 1, 2, 3
 * @param concurrencies the caller counts, ascending as given
 * @param servers the servers of the server test
 * @param clients the clients of the client test
 * @param fixedClient the client of the server test
 * @param fixedServer the server of the client test
 * @param size payload bytes
 * @param warmupSeconds warm-up per point
 * @param durationSeconds measured window per point
 * @param rounds how many times each point is measured; round after round, every implementation
 *     once per round
 * @param timeoutMillis per-call timeout
 * @param callers "platform" or "virtual" caller threads
 * @param jvmFlags the flags every child JVM gets
 * @param pin whether to pin the server to CPU 0 and the client to CPU 1 with taskset
 * @param results the results directory
 * @param idleConnections how many idle connections the idle test opens
 * @param virtualJavaHome the JDK to run the {@code virtual} server with, or null to find one
 * @param unix whether servers listen on Unix domain sockets ({@code --transport unix}) instead of
 *     TCP on 127.0.0.1
 */
record SuiteOptions(List<String> tests, List<Integer> scenarios, List<Integer> concurrencies,
        List<String> servers, List<String> clients, String fixedClient, String fixedServer, int size,
        int warmupSeconds, int durationSeconds, int rounds, int timeoutMillis, String callers,
        List<String> jvmFlags, boolean pin, Path results, int idleConnections, Path virtualJavaHome,
        boolean unix) {

    /** Flags of every child JVM: the same for all implementations, as {@code JmhDefaults}. */
    static final String DEFAULT_JVM_FLAGS = "-Xms256m -Xmx1g -XX:+UseParallelGC"
            + " -Dio.netty.leakDetection.level=disabled";

    private static final Set<String> OPTIONS = Set.of("tests", "scenarios", "concurrency", "servers",
            "clients", "fixed-client", "fixed-server", "size", "warmup", "duration", "rounds", "timeout-ms",
            "callers", "jvm-flags", "pin", "results", "idle-connections", "virtual-java-home", "transport");
    private static final List<String> TESTS = List.of("server", "client", "idle");
    private static final List<String> QUICK_TESTS = List.of("server", "client");
    private static final int DEFAULT_IDLE_CONNECTIONS = 10_000;
    private static final int MAX_IDLE_CONNECTIONS = 15_000;
    private static final int MAX_CONCURRENCY = 100_000;
    private static final int MAX_SECONDS = 3600;
    private static final int MAX_ROUNDS = 20;
    private static final int MAX_TIMEOUT_MILLIS = 60_000;
    private static final int MAX_SIZE = 16 << 20;
    private static final int DEFAULT_SIZE = 1024;
    private static final int DEFAULT_TIMEOUT_MILLIS = 1000;

    /**
     * @param argv the suite's options
     * @param quick whether the defaults are those of the one-minute subset
     * @return the settings
     * @throws IllegalArgumentException naming a bad option
     */
    static SuiteOptions parse(String[] argv, boolean quick) {
        Args a = Args.parse(argv, OPTIONS);
        Path results = Path.of(a.string("results", "benchmark-results/"
                + (quick ? "quick-" : "suite-")
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        return new SuiteOptions(
                a.choices("tests", quick ? QUICK_TESTS : TESTS, TESTS),
                a.integers("scenarios", quick ? List.of(1) : List.of(1, 2, 3), 1, 3),
                a.integers("concurrency", quick ? List.of(100, 1000) : List.of(100, 500, 1000), 1, MAX_CONCURRENCY),
                a.choices("servers", ServerCommand.IMPLS, ServerCommand.IMPLS),
                a.choices("clients", ClientCommand.IMPLS, ClientCommand.IMPLS),
                a.choice("fixed-client", ClientCommand.ASYNC, ClientCommand.IMPLS),
                a.choice("fixed-server", "netty", ServerCommand.IMPLS),
                a.integer("size", DEFAULT_SIZE, 1, MAX_SIZE),
                a.integer("warmup", quick ? 2 : 5, 0, MAX_SECONDS),
                a.integer("duration", quick ? 3 : 10, 1, MAX_SECONDS),
                a.integer("rounds", 1, 1, MAX_ROUNDS),
                a.integer("timeout-ms", DEFAULT_TIMEOUT_MILLIS, 1, MAX_TIMEOUT_MILLIS),
                a.choice("callers", "platform", List.of("platform", "virtual")),
                List.of(a.string("jvm-flags", DEFAULT_JVM_FLAGS).trim().split("\\s+")),
                Boolean.parseBoolean(a.choice("pin", "true", List.of("true", "false"))),
                results,
                a.integer("idle-connections", DEFAULT_IDLE_CONNECTIONS, 1, MAX_IDLE_CONNECTIONS),
                a.has("virtual-java-home") ? Path.of(a.string("virtual-java-home", "")) : null,
                "unix".equals(a.choice("transport", "tcp", List.of("tcp", "unix"))));
    }
}
