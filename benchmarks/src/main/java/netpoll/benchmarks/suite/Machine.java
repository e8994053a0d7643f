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

    /**
     * @return the 1, 5 and 15 minute load averages from {@code /proc/loadavg}, or "unknown"; on
     *     a machine shared with other work, numbers measured under load are not comparable
     */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /**
     * @return the 1-minute load average, or 0 when unknown
     */
    static double loadAverageOneMinute() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
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
