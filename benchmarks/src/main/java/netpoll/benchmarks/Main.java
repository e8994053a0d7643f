package netpoll.benchmarks;

import java.util.Arrays;

/**
 * The benchmarks jar's command line: {@code java -jar netpoll-benchmarks.jar <command> …}.
 */
public final class Main {

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
        switch (command) {
            case "jmh" -> org.openjdk.jmh.Main.main(rest);
            default -> {
                System.out.println("usage: java -jar netpoll-benchmarks.jar <command> [options]");
                System.out.println("  jmh [JMH options]   run the JMH microbenchmarks (-h for JMH's options)");
                if (!"help".equals(command)) {
                    System.err.println("unknown command: " + command);
                    System.exit(2);
                }
            }
        }
    }
}
