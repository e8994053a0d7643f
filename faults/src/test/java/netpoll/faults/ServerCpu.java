package netpoll.faults;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of the server's threads (pollers and workers, named {@value ServerUnderTest#NAME}-…)
 * between two moments: the sum over threads alive at the end of what each used since the start
 * (a worker that left in between is not counted).
 */
final class ServerCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> start = snapshot();

    /** CPU time by thread id; a thread that ended meanwhile (CPU time -1) is left out. */
    private static Map<Long, Long> snapshot() {
        Map<Long, Long> cpu = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            long nanos = THREADS.getThreadCpuTime(t.getId());
            if (nanos >= 0 && t.getName().startsWith(ServerUnderTest.NAME + "-")) {
                cpu.put(t.getId(), nanos);
            }
        }
        return cpu;
    }

    /** @return nanoseconds of CPU the server's threads used since this object was made */
    long usedNanos() {
        return snapshot().entrySet().stream().mapToLong(e -> e.getValue() - start.getOrDefault(e.getKey(), 0L)).sum();
    }
}
