package netpoll.faults;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import netpoll.mcache.Mcache;
import org.junit.jupiter.api.Assertions;

/**
 * What a fault may leak, measured in this JVM: heap after a full GC, direct memory (and how much
 * of it the server's buffer cache reserves), buffers lent by the cache, live threads, open file
 * descriptors.
 *
 * @param heapAfterGc heap used right after {@link System#gc()}, bytes
 * @param direct direct memory used (BufferPoolMXBean "direct"), bytes
 * @param reserved direct memory the server's Mcache holds in slabs (cached for reuse), bytes
 * @param outstanding buffers the server's Mcache has lent and not got back
 * @param threads live threads of this JVM
 * @param descriptors open file descriptors of this process (/proc/self/fd), -1 without /proc
 */
record Resources(long heapAfterGc, long direct, long reserved, long outstanding, int threads, long descriptors) {

    private static final long MIB = 1 << 20;
    /** Heap may differ by this much after a GC (JIT, class metadata, the test's own objects). */
    static final long HEAP_TOLERANCE = 16 * MIB;
    /** Direct memory outside the server's cache (the JDK's socket buffers) may differ by this much. */
    static final long DIRECT_TOLERANCE = 8 * MIB;
    /**
     * The server's cache keeps what it reserved for reuse; it must stay under this bound whatever
     * the fault (it is a cache, not a leak, but it must not grow without bound).
     */
    static final long RESERVED_CEILING = 256 * MIB;
    /** Threads the JDK may start on its own (a reference handler, an attach listener). */
    static final int THREAD_TOLERANCE = 2;
    /** Descriptors the JDK may open on its own (a jar opened by a late class load). */
    static final int DESCRIPTOR_TOLERANCE = 4;
    private static final long POLL_MILLIS = 100;

    static Resources measure(Mcache mcache) {
        System.gc();
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> "direct".equals(b.getName())).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
        return new Resources(heap, direct, mcache.reservedBytes(), mcache.outstandingBuffers(),
                ManagementFactory.getThreadMXBean().getThreadCount(), openDescriptors());
    }

    static long openDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** @return what is above its tolerance compared with {@code base}; empty when all went back */
    List<String> excessOver(Resources base) {
        List<String> excess = new ArrayList<>();
        if (heapAfterGc > base.heapAfterGc + HEAP_TOLERANCE) {
            excess.add("heap after GC " + mib(base.heapAfterGc) + " -> " + mib(heapAfterGc));
        }
        if (direct - reserved > base.direct - base.reserved + DIRECT_TOLERANCE) {
            excess.add("direct memory outside the cache " + mib(base.direct - base.reserved) + " -> "
                    + mib(direct - reserved));
        }
        if (reserved > RESERVED_CEILING) {
            excess.add("cache reserve " + mib(reserved) + " over its ceiling of " + mib(RESERVED_CEILING));
        }
        if (outstanding > base.outstanding) {
            excess.add("buffers lent " + base.outstanding + " -> " + outstanding);
        }
        if (threads > base.threads + THREAD_TOLERANCE) {
            excess.add("threads " + base.threads + " -> " + threads);
        }
        if (descriptors > base.descriptors + DESCRIPTOR_TOLERANCE) {
            excess.add("descriptors " + base.descriptors + " -> " + descriptors);
        }
        return excess;
    }

    /**
     * Measures again until everything is back within its tolerance of {@code base}, for at most
     * {@link ServerUnderTest#SETTLE}; fails naming what did not go back.
     *
     * @return the last measurement
     */
    static Resources assertBackTo(Resources base, ServerUnderTest server, String fault) throws InterruptedException {
        long deadline = System.nanoTime() + ServerUnderTest.SETTLE.toNanos();
        Resources now = measure(server.mcache);
        while (!now.excessOver(base).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
            now = measure(server.mcache);
        }
        List<String> excess = now.excessOver(base);
        if (!excess.isEmpty()) {
            Assertions.fail("after " + fault + " these did not go back within " + ServerUnderTest.SETTLE.toSeconds()
                    + " s: " + excess + (now.outstanding > 0 ? "\n" + server.mcache.leakReport() : ""));
        }
        return now;
    }

    static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / (double) MIB);
    }

    @Override
    public String toString() {
        return "heap after GC " + mib(heapAfterGc) + ", direct " + mib(direct) + " (cache reserve " + mib(reserved)
                + "), buffers lent " + outstanding + ", threads " + threads + ", descriptors " + descriptors;
    }
}
