package netpoll.benchmarks;

import java.util.Arrays;
import netpoll.benchmarks.client.ClientCommand;
import netpoll.benchmarks.client.IdleCommand;
import netpoll.benchmarks.server.ServerCommand;
import netpoll.benchmarks.suite.SuiteCommand;

/**
 * The benchmarks jar's command line: {@code java -jar netpoll-benchmarks.jar <command> …}.
 */
public final class Main {

    private static final int USAGE_EXIT = 2;

    private Main() {
    }

    /**
     * Runs a subcommand.
     *
     * @param args the subcommand and its arguments
     * @throws Exception whatever the subcommand throws
     */
    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "help" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        try {
            switch (command) {
                case "jmh" -> org.openjdk.jmh.Main.main(rest);
                case "server" -> ServerCommand.run(rest, System.out);
                case "client" -> ClientCommand.run(rest, System.out);
                case "idle" -> IdleCommand.run(rest, System.out);
                case "suite" -> SuiteCommand.run(rest, System.out, false);
                case "quick" -> SuiteCommand.run(rest, System.out, true);
                case "soak" -> netpoll.benchmarks.soak.SoakCommand.run(rest, System.out);
                default -> usage(command);
            }
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            System.err.println(command + ": " + e.getMessage());
            System.exit(USAGE_EXIT);
        }
    }

    private static void usage(String command) {
        System.out.println("usage: java -jar netpoll-benchmarks.jar <command> [options]");
        System.out.println("  server --impl netpoll|netty|blocking|virtual --mode rpc|mux|serial --port N"
                + " [--host H] [--unix PATH] [--workers N]");
        System.out.println("  client --impl netpoll|netty|netty-async|blocking --scenario 1|2|3 --concurrency N"
                + " --size B --duration S --port N|--unix PATH [--warmup S] [--timeout-ms MS] [--callers platform|virtual]");
        System.out.println("  idle   --connections N --port N|--unix PATH   hold N idle connections until stdin ends");
        System.out.println("  suite  [--scenarios 1,2,3] [--concurrency 100,500,1000] [--servers …]"
                + " [--clients …] [--duration S] [--warmup S] [--transport tcp|unix] [--results DIR]"
                + " (see benchmarks/README.md)");
        System.out.println("  quick  the one-minute subset of suite (same options)");
        System.out.println("  soak   [--duration S]   mixed load with faults; samples resources each second into a CSV and a PNG");
        System.out.println("  jmh [JMH options]   run the JMH microbenchmarks (-h for JMH's options)");
        if (!"help".equals(command)) {
            System.err.println("unknown command: " + command);
            System.exit(USAGE_EXIT);
        }
    }
}
