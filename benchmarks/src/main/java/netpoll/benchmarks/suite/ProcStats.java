package netpoll.benchmarks.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What Linux tells about a process in {@code /proc}: CPU time from {@code /proc/<pid>/stat},
 * resident memory and thread count from {@code /proc/<pid>/status}. Elsewhere every reading is
 * unavailable (-1), and the report says so.
 *
 * <p>Stateless; safe from any thread.
 */
public final class ProcStats {

    /** What a reading is when the system does not offer it. */
    public static final long UNAVAILABLE = -1;

    /** Clock ticks per second of {@code /proc/<pid>/stat} times (USER_HZ, 100 on Linux). */
    public static final int TICKS_PER_SECOND = 100;

    /** Index of utime among the fields after the command name (field 14 of stat(5)). */
    private static final int UTIME_FIELD = 11;
    private static final int STIME_FIELD = 12;
    private static final long KIB = 1024;

    private ProcStats() {
    }

    /**
     * @param pid a process id
     * @return user plus system CPU time in clock ticks, or {@link #UNAVAILABLE}
     */
    public static long cpuTicks(long pid) {
        try {
            return cpuTicksOf(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return UNAVAILABLE;
        }
    }

    /**
     * Parses a {@code /proc/<pid>/stat} line: the command name, in parentheses, may itself hold
     * spaces and parentheses, so fields are counted from the last {@code ')'}.
     *
     * @param stat the content of the file
     * @return utime + stime in clock ticks
     * @throws IllegalArgumentException when the text is not a stat line
     */
    static long cpuTicksOf(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + stat);
        }
        String[] fields = stat.substring(close + 2).trim().split("\\s+");
        if (fields.length <= STIME_FIELD) {
            throw new IllegalArgumentException("short /proc/<pid>/stat line: " + stat);
        }
        return Long.parseLong(fields[UTIME_FIELD]) + Long.parseLong(fields[STIME_FIELD]);
    }

    /**
     * @param pid a process id
     * @return the resident set size in bytes (VmRSS), or {@link #UNAVAILABLE}
     */
    public static long rssBytes(long pid) {
        long kib = statusField(pid, "VmRSS:");
        return kib == UNAVAILABLE ? UNAVAILABLE : kib * KIB;
    }

    /**
     * @param pid a process id
     * @return the number of threads, or {@link #UNAVAILABLE}
     */
    public static long threads(long pid) {
        return statusField(pid, "Threads:");
    }

    private static long statusField(long pid, String name) {
        try {
            return statusFieldOf(Files.readString(Path.of("/proc", Long.toString(pid), "status")), name);
        } catch (IOException | RuntimeException e) {
            return UNAVAILABLE;
        }
    }

    /**
     * Reads the first number of a {@code Name: value [unit]} line of {@code /proc/<pid>/status}.
     *
     * @param status the content of the file
     * @param name the field name with its colon, such as {@code "VmRSS:"}
     * @return the number, or {@link #UNAVAILABLE} when the field is absent
     */
    static long statusFieldOf(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name)) {
                return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
            }
        }
        return UNAVAILABLE;
    }
}
