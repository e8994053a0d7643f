package netpoll.benchmarks.suite;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import netpoll.benchmarks.client.ClientCommand;
import netpoll.benchmarks.client.IdleCommand;
import netpoll.benchmarks.client.Scenario;
import netpoll.benchmarks.harness.Measurement;
import netpoll.benchmarks.server.ServerCommand;

/**
 * {@code suite} and {@code quick}: the end-to-end echo benchmark in separate JVMs (the java of
 * this JVM, this jar), the server pinned to CPU 0 and the client to CPU 1 when {@code taskset}
 * exists. The server test runs one fixed client against every server; the client test runs every
 * client against one fixed server. Every point gets a fresh client JVM; every (implementation,
 * scenario) a fresh server JVM. While a client measures, the suite reads the server's CPU time,
 * RSS and thread count from {@code /proc}. Results go to a directory as markdown, CSV and PNG.
 *
 * <p>Every child is stopped by its PID when its part is done, when the suite fails, and (by a
 * shutdown hook) when the suite's JVM is stopped. Servers also end when their standard input
 * closes, so not even a killed suite leaves one behind.
 *
 * <p>Thread contract: runs on the calling thread; the shutdown hook reads {@link #children}
 * (a concurrent set).
 */
public final class SuiteCommand {

    private static final long SERVER_START_MILLIS = 30_000;
    private static final long CLIENT_SLACK_MILLIS = 60_000;
    private static final double PERCENT = 100.0;
    private static final double MIB = 1024.0 * 1024.0;
    /** Time for a server to settle (finish accepting, JIT the accept path) before its RSS is read. */
    private static final long IDLE_SETTLE_MILLIS = 2000;
    private static final long IDLE_OPEN_MILLIS = 120_000;

    private final SuiteOptions options;
    private final PrintStream out;
    private final Path logs;
    private final List<String> pinServer = new ArrayList<>();
    private final List<String> pinClient = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<SuiteRow> rows = new ArrayList<>();
    private final List<IdleRow> idleRows = new ArrayList<>();
    /** Children alive now; the suite thread adds and removes, the shutdown hook stops them. */
    private final Set<ChildProcess> children = ConcurrentHashMap.newKeySet();
    private final String loadAtStart = Machine.loadAverage();
    /** With {@code --transport unix}: the directory of the servers' socket files, else null. */
    private Path sockets;
    private int point;
    private int points;

    private SuiteCommand(SuiteOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.logs = options.results().resolve("logs");
    }

    /**
     * Runs the suite.
     *
     * @param argv the options (see {@link SuiteOptions})
     * @param out where progress and the table go
     * @param quick whether to use the one-minute subset's defaults
     * @throws Exception when a child cannot be started or the results cannot be written
     */
    public static void run(String[] argv, PrintStream out, boolean quick) throws Exception {
        SuiteOptions options = SuiteOptions.parse(argv, quick);
        SuiteCommand suite = new SuiteCommand(options, out);
        Thread hook = new Thread(suite::stopChildren, "suite-stop-children");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            suite.runAll(argv, quick);
        } finally {
            suite.stopChildren();
            suite.deleteSockets();
            Runtime.getRuntime().removeShutdownHook(hook);
        }
    }

    private void runAll(String[] argv, boolean quick) throws Exception {
        Files.createDirectories(logs);
        if (options.unix()) {
            // short, under /tmp: a Unix socket's path must fit in about 100 bytes
            sockets = Files.createTempDirectory("netpoll-bench-");
        }
        setUpPinning();
        warnIfBusy();
        List<String> servers = available(options.servers(), this::whyNotServer);
        List<String> clients = available(options.clients(), this::whyNotClient);
        boolean serverTest = runs("server", whyNotClient(options.fixedClient()));
        boolean clientTest = runs("client", whyNotServer(options.fixedServer()));
        boolean idleTest = options.tests().contains("idle");
        int perScenario = (serverTest ? servers.size() : 0) + (clientTest ? clients.size() : 0);
        points = options.rounds() * (perScenario * options.scenarios().size() * options.concurrencies().size()
                + (idleTest ? servers.size() : 0));
        out.printf(Locale.ROOT, "[suite] %d points, about %d s; results in %s%n", points,
                points * (options.warmupSeconds() + options.durationSeconds() + 2L),
                options.results().toAbsolutePath());
        for (int scenario : options.scenarios()) {
            for (int round = 1; round <= options.rounds(); round++) {
                if (serverTest) {
                    for (String server : inTurn(servers, round)) {
                        runSeries("server", Scenario.of(scenario), server, options.fixedClient(), round);
                    }
                }
                if (clientTest) {
                    for (String client : inTurn(clients, round)) {
                        runSeries("client", Scenario.of(scenario), options.fixedServer(), client, round);
                    }
                }
            }
        }
        if (idleTest) {
            for (int round = 1; round <= options.rounds(); round++) {
                for (String server : inTurn(servers, round)) {
                    runIdle(server, round);
                }
            }
        }
        List<String> context = context(argv, quick);
        context.add("load average (1, 5, 15 min) at the end: " + Machine.loadAverage());
        String md = SuiteReport.write(options.results(), context,
                options.unix() ? "Unix sockets" : "TCP", rows, idleRows, notes);
        out.println();
        out.println(md);
        out.println("[suite] table: " + options.results().resolve("results.md").toAbsolutePath());
        if (!rows.isEmpty()) {
            out.println("[suite] charts: " + options.results().toAbsolutePath()
                    + "/{server,client}<scenario>_{qps,tp99,tp999}.png");
        }
    }

    /** @return whether the test was asked for and its fixed implementation can run (else a note says why not) */
    private boolean runs(String test, String whyFixedCannot) {
        if (!options.tests().contains(test)) {
            return false;
        }
        if (whyFixedCannot != null) {
            note("the " + test + " test was skipped: its fixed implementation cannot run: " + whyFixedCannot);
        }
        return whyFixedCannot == null;
    }

    private List<String> available(List<String> impls, UnaryOperator<String> whyNot) {
        List<String> ok = new ArrayList<>();
        for (String impl : impls) {
            String why = whyNot.apply(impl);
            if (why == null) {
                ok.add(impl);
            } else {
                note("skipped " + why);
            }
        }
        return ok;
    }

    /** @return why the server cannot run here, or null */
    private String whyNotServer(String impl) {
        return Availability.whyNot(impl, options.virtualJavaHome());
    }

    /** @return why the client cannot run here (on Unix sockets: {@code blocking}), or null */
    private String whyNotClient(String impl) {
        String why = Availability.whyNot(impl, options.virtualJavaHome());
        return why == null && options.unix() && "blocking".equals(impl) ? "blocking (client): " + ClientCommand.UNIX_BLOCKING : why;
    }

    /** @return the server's options that say where to listen: a socket file of its own, or any free port */
    private List<String> listenOn(String label) {
        return options.unix() ? List.of("--unix", sockets.resolve(label + ".sock").toString()) : List.of("--port", "0");
    }

    /**
     * Waits for the server's ready line.
     *
     * @return the clients' options that say where the server is: its socket file or its port
     */
    private static List<String> awaitTarget(ChildProcess server, List<String> listen)
            throws IOException, InterruptedException {
        String ready = server.awaitLine(ServerCommand.READY_PREFIX, SERVER_START_MILLIS);
        if ("--unix".equals(listen.get(0))) {
            return listen;
        }
        return List.of("--port", ready.substring(ServerCommand.READY_PREFIX.length()).split("\\s+")[0]);
    }

    /** Deletes the socket directory and any file a killed server left in it. */
    private void deleteSockets() {
        if (sockets == null) {
            return;
        }
        try (var files = Files.list(sockets)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(sockets);
        } catch (IOException e) {
            out.println("[suite] could not delete " + sockets + ": " + e.getMessage());
        }
    }

    private void note(String text) {
        if (notes.contains(text)) {
            return;
        }
        notes.add(text);
        out.println("[suite] " + text);
    }

    private void warnIfBusy() {
        double load = Machine.loadAverageOneMinute();
        int cores = Runtime.getRuntime().availableProcessors();
        if (load > cores) {
            note(String.format(Locale.ROOT, "warning: the 1-minute load average was %.1f on %d cores"
                    + " when the run started: other work competed for the CPUs, so these numbers are"
                    + " not comparable with a quiet run", load, cores));
        }
    }

    private void setUpPinning() {
        Path taskset = Availability.taskset();
        int cores = Runtime.getRuntime().availableProcessors();
        if (!options.pin()) {
            note("not pinned (--pin false): server and client share the CPUs");
        } else if (taskset == null || cores < 2) {
            note("not pinned: " + (taskset == null ? "no taskset on the PATH" : "only one CPU"));
        } else {
            pinServer.addAll(List.of(taskset.toString(), "-c", "0"));
            pinClient.addAll(List.of(taskset.toString(), "-c", "1"));
        }
    }

    private void runSeries(String test, Scenario scenario, String server, String client, int round)
            throws Exception {
        String mode = scenario.serverMode();
        String label = test + scenario.number() + "-" + server + "-" + mode + roundSuffix(round);
        List<String> cmd = new ArrayList<>(pinServer);
        cmd.addAll(java(server));
        List<String> listen = listenOn(label);
        cmd.addAll(List.of("server", "--impl", server, "--mode", mode, "--until-stdin-closes"));
        cmd.addAll(listen);
        ChildProcess serverProcess = startChild(cmd, "server " + label, logs.resolve(label + ".log"));
        try {
            List<String> target;
            try {
                target = awaitTarget(serverProcess, listen);
            } catch (IOException e) {
                point += options.concurrencies().size();
                note("server " + label + " did not start: " + e.getMessage() + " (log: "
                        + logs.resolve(label + ".log") + ")");
                return;
            }
            for (int concurrency : options.concurrencies()) {
                runPoint(test, scenario, server, client, concurrency, round, target, serverProcess.pid());
            }
        } finally {
            serverProcess.stop();
            children.remove(serverProcess);
        }
    }

    private void runIdle(String server, int round) throws Exception {
        point++;
        out.printf(Locale.ROOT, "[suite %d/%d] idle test, server %s, %d idle connections%s ...%n",
                point, points, server, options.idleConnections(), roundOf(round));
        String label = "idle-" + server + roundSuffix(round);
        List<String> cmd = new ArrayList<>(pinServer);
        cmd.addAll(java(server));
        List<String> listen = listenOn(label);
        cmd.addAll(List.of("server", "--impl", server, "--mode", "rpc", "--until-stdin-closes"));
        cmd.addAll(listen);
        ChildProcess serverProcess = startChild(cmd, "server " + label, logs.resolve(label + "-server.log"));
        ChildProcess idle = null;
        try {
            List<String> target = awaitTarget(serverProcess, listen);
            TimeUnit.MILLISECONDS.sleep(IDLE_SETTLE_MILLIS);
            long before = ProcStats.rssBytes(serverProcess.pid());
            List<String> idleCmd = new ArrayList<>(pinClient);
            idleCmd.addAll(java("idle"));
            idleCmd.addAll(List.of("idle", "--connections", Integer.toString(options.idleConnections())));
            idleCmd.addAll(target);
            idle = startChild(idleCmd, "idle " + label, logs.resolve(label + "-client.log"));
            idle.awaitLine(IdleCommand.READY_PREFIX, IDLE_OPEN_MILLIS);
            TimeUnit.MILLISECONDS.sleep(IDLE_SETTLE_MILLIS);
            IdleRow row = new IdleRow(server, options.idleConnections(), before,
                    ProcStats.rssBytes(serverProcess.pid()), ProcStats.threads(serverProcess.pid()), round);
            idleRows.add(row);
            out.printf(Locale.ROOT, "    server rss %.0f MiB -> %.0f MiB, %.1f KiB per idle connection, %d threads%n",
                    before / MIB, row.rssIdleBytes() / MIB, row.kibPerConnection(), row.threadsIdle());
        } catch (IOException e) {
            note("idle test failed for " + server + ": " + e.getMessage() + " (logs: " + logs + ")");
        } finally {
            if (idle != null) {
                idle.stop();
                children.remove(idle);
            }
            serverProcess.stop();
            children.remove(serverProcess);
        }
    }

    private void runPoint(String test, Scenario scenario, String server, String client,
            int concurrency, int round, List<String> target, long serverPid) throws Exception {
        point++;
        out.printf(Locale.ROOT, "[suite %d/%d] %s test, scenario %d, server %s, client %s, c=%d%s ...%n",
                point, points, test, scenario.number(), server, client, concurrency, roundOf(round));
        List<String> cmd = new ArrayList<>(pinClient);
        cmd.addAll(java(client));
        cmd.addAll(List.of("client", "--impl", client, "--scenario", Integer.toString(scenario.number()),
                "--concurrency", Integer.toString(concurrency), "--size", Integer.toString(options.size()),
                "--warmup", Integer.toString(options.warmupSeconds()),
                "--duration", Integer.toString(options.durationSeconds()),
                "--timeout-ms", Integer.toString(options.timeoutMillis()),
                "--callers", options.callers()));
        cmd.addAll(target);
        String label = test + scenario.number() + "-" + server + "-" + client + "-c" + concurrency + roundSuffix(round);
        ChildProcess clientProcess = startChild(cmd, "client " + label, logs.resolve(label + ".log"));
        try {
            ServerSample sample = sampleServer(serverPid);
            long budget = TimeUnit.SECONDS.toMillis(options.warmupSeconds() + options.durationSeconds())
                    + CLIENT_SLACK_MILLIS;
            Measurement m = Measurement.parse(clientProcess.awaitLine(Measurement.PREFIX, budget));
            clientProcess.awaitExit(CLIENT_SLACK_MILLIS);
            SuiteRow row = new SuiteRow(test, scenario.number(), server, client, concurrency, m,
                    sample.cpuPercent, sample.rssBytes, sample.threads, round);
            rows.add(row);
            out.printf(Locale.ROOT, "    %s | server cpu=%.0f%% rss=%.0fMiB threads=%d%n", m.toHumanLine(),
                    sample.cpuPercent, sample.rssBytes / MIB, sample.threads);
        } catch (IOException | IllegalArgumentException e) {
            note("point failed: " + label + ": " + e.getMessage() + " (log: " + logs.resolve(label + ".log") + ")");
        } finally {
            clientProcess.stop();
            children.remove(clientProcess);
        }
    }

    /**
     * @param impls the implementations in the order given
     * @param round the round, from 1
     * @return them in this round's order: round r starts with the r-th, so that no implementation
     *     is always the first (or the last) of a round
     */
    private static List<String> inTurn(List<String> impls, int round) {
        List<String> turn = new ArrayList<>(impls);
        Collections.rotate(turn, -((round - 1) % Math.max(1, impls.size())));
        return turn;
    }

    /** @return ", round r of n" for the progress lines when there are several rounds, else "" */
    private String roundOf(int round) {
        return options.rounds() == 1 ? "" : String.format(Locale.ROOT, ", round %d of %d", round, options.rounds());
    }

    /** @return "-r" + the round for the log files' names when there are several rounds, else "" */
    private String roundSuffix(int round) {
        return options.rounds() == 1 ? "" : "-r" + round;
    }

    /** The server's CPU use over the client's measured window and its size at the end of it. */
    private record ServerSample(double cpuPercent, long rssBytes, long threads) {
    }

    private ServerSample sampleServer(long pid) throws InterruptedException {
        TimeUnit.SECONDS.sleep(options.warmupSeconds());
        long t0 = System.nanoTime();
        long cpu0 = ProcStats.cpuTicks(pid);
        TimeUnit.SECONDS.sleep(options.durationSeconds());
        long cpu1 = ProcStats.cpuTicks(pid);
        double seconds = (System.nanoTime() - t0) / (double) TimeUnit.SECONDS.toNanos(1);
        double cpu = cpu0 < 0 || cpu1 < 0 ? -1
                : PERCENT * (cpu1 - cpu0) / ProcStats.TICKS_PER_SECOND / seconds;
        return new ServerSample(cpu, ProcStats.rssBytes(pid), ProcStats.threads(pid));
    }

    private ChildProcess startChild(List<String> cmd, String name, Path log) throws IOException {
        ChildProcess child = ChildProcess.start(cmd, name, log);
        children.add(child);
        return child;
    }

    /** The java of this JVM, or for the virtual server one with virtual threads. */
    private Path javaHome(String impl) {
        if ("virtual".equals(impl)) {
            return JavaHomes.forVirtual(options.virtualJavaHome()).orElseThrow();
        }
        return Path.of(System.getProperty("java.home"));
    }

    private List<String> java(String impl) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome(impl).resolve("bin").resolve("java").toString());
        cmd.addAll(options.jvmFlags());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "netpoll.benchmarks.Main"));
        return cmd;
    }

    private void stopChildren() {
        for (ChildProcess child : children) {
            child.stop();
            children.remove(child);
        }
    }

    private List<String> context(String[] argv, boolean quick) {
        List<String> c = new ArrayList<>();
        c.add("load average (1, 5, 15 min) at the start: " + loadAtStart);
        c.add("date: " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        c.add("machine: " + Machine.describe());
        c.add("JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.home") + ")");
        c.add("command: java -jar benchmarks/target/netpoll-benchmarks.jar " + (quick ? "quick" : "suite")
                + (argv.length == 0 ? "" : " " + String.join(" ", argv)));
        if (options.servers().contains("virtual")) {
            JavaHomes.forVirtual(options.virtualJavaHome()).ifPresent(h -> c.add("virtual server JDK: "
                    + h + " (feature release " + JavaHomes.feature(h) + ")"));
        }
        c.add("transport: " + (options.unix() ? "Unix domain sockets (in " + sockets + ")" : "TCP on 127.0.0.1"));
        c.add("pinning: " + (pinServer.isEmpty() ? "none" : "server on CPU 0, client on CPU 1 (taskset)"));
        c.add("child JVM flags: " + String.join(" ", options.jvmFlags()));
        c.add(String.format(Locale.ROOT, "payload %d B, warm-up %d s and %d s measured per point,"
                + " per-call timeout %d ms (a timeout is an error), %s caller threads, every response"
                + " byte checked", options.size(), options.warmupSeconds(), options.durationSeconds(),
                options.timeoutMillis(), options.callers()));
        if (options.rounds() > 1) {
            c.add(options.rounds() + " rounds, run one after another (each runs every implementation once,"
                    + " the r-th round starting with the r-th); a table line is the round with the median QPS"
                    + " (median KiB for idle memory), its errors are all rounds' errors, and the last columns"
                    + " give every round in the order run");
        }
        return c;
    }
}
