package netpoll.benchmarks.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A one-line description of this machine for the results: CPU model, core count, OS.
 */
final class Machine {

    private Machine() {
    }

    /**
     * @return for example {@code "2 x Intel(R) Xeon(R) …, Linux 6.1 amd64"}
     */
    static String describe() {
        return Runtime.getRuntime().availableProcessors() + " x " + cpuModel() + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown CPU";
        }
        return "unknown CPU";
    }
}
