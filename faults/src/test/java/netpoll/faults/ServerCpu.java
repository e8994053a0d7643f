package netpoll.faults;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time of the server's threads (pollers and workers, named {@value ServerUnderTest#NAME}-…)
 * between two moments: the sum over threads alive at the end of what each used since the start
 * (a worker that left in between is not counted).
 */
final class ServerCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> start = snapshot();

    private static Map<Long, Long> snapshot() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(ServerUnderTest.NAME + "-"))
                .collect(Collectors.toMap(Thread::getId, t -> Math.max(0, THREADS.getThreadCpuTime(t.getId()))));
    }

    /** @return nanoseconds of CPU the server's threads used since this object was made */
    long usedNanos() {
        return snapshot().entrySet().stream().mapToLong(e -> e.getValue() - start.getOrDefault(e.getKey(), 0L)).sum();
    }
}
