package netpoll.nio.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The CPU time this process has used, all threads, user and system, from Linux's
 * {@code /proc/self/stat} (fields 14 and 15, in clock ticks of 1/100 s, the fixed unit of that
 * file). The JDK's own {@code OperatingSystemMXBean} has it only in {@code com.sun.management},
 * which an OSGi framework need not export; this reads the same numbers. 10-16 µs per call here:
 * {@link Yielder} calls it at most once per 100 ms.
 *
 * <p>Thread contract: any thread.
 */
final class ProcessCpu {

    private static final Path STAT = Path.of("/proc/self/stat");
    private static final long NANOS_PER_TICK = TimeUnit.SECONDS.toNanos(1) / 100;
    /** utime's index among the fields after the command name's closing parenthesis. */
    private static final int UTIME = 11;

    private ProcessCpu() {
    }

    /** @return the CPU time in nanoseconds, or -1 where there is no such file (not Linux) */
    static long nanos() {
        try {
            return parse(new String(Files.readAllBytes(STAT), StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * @param stat the file's text; the command name may hold spaces and parentheses
     * @return utime plus stime in nanoseconds
     */
    static long parse(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[UTIME]) + Long.parseLong(fields[UTIME + 1])) * NANOS_PER_TICK;
    }
}
