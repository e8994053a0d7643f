package netpoll.benchmarks.soak;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import netpoll.mcache.Mcache;

/**
 * Reads the soak's metrics from this process. Heap after GC is the heap in use right after an
 * explicit {@link System#gc()}, forced every {@value #GC_EVERY} samples and carried forward in
 * between: the live heap. (What a young collection leaves would climb for minutes as G1 lets
 * promoted garbage pile up in a large old generation, a false trend.) Called by the sampling
 * thread only.
 */
final class Sampler {

    /** Samples between two forced collections. */
    static final int GC_EVERY = 10;
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path FDS = Path.of("/proc/self/fd");
    private static final String RSS_LINE = "VmRSS:";
    private static final long KIB = 1024;

    private final List<Mcache> caches;
    private final BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
            .filter(b -> "direct".equals(b.getName())).findFirst()
            .orElseThrow(() -> new IllegalStateException("this JVM reports no \"direct\" buffer pool"));
    private long samples;
    private long heapAfterGc;

    /** @param caches the buffer caches whose outstanding buffers are summed */
    Sampler(List<Mcache> caches) {
        this.caches = List.copyOf(caches);
    }

    Map<Metric, Long> sample() {
        if (samples++ % GC_EVERY == 0) {
            System.gc();
            heapAfterGc = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }
        Map<Metric, Long> v = new EnumMap<>(Metric.class);
        v.put(Metric.RSS, rss());
        v.put(Metric.HEAP_AFTER_GC, heapAfterGc);
        v.put(Metric.DIRECT, direct.getMemoryUsed());
        v.put(Metric.THREADS, (long) ManagementFactory.getThreadMXBean().getThreadCount());
        v.put(Metric.DESCRIPTORS, descriptors());
        v.put(Metric.MCACHE_OUTSTANDING, caches.stream().mapToLong(Mcache::outstandingBuffers).sum());
        return v;
    }

    private static long rss() {
        try (Stream<String> lines = Files.lines(STATUS)) {
            return lines.filter(l -> l.startsWith(RSS_LINE))
                    .mapToLong(l -> Long.parseLong(l.substring(RSS_LINE.length()).replace("kB", "").trim()) * KIB)
                    .findFirst().orElse(-1);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long descriptors() {
        try (Stream<Path> fds = Files.list(FDS)) {
            return fds.count();
        } catch (IOException e) {
            return -1;
        }
    }
}
