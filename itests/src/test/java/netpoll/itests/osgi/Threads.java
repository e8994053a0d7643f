package netpoll.itests.osgi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Live threads and open file descriptors of the JVM the probe runs in. Runs inside the
 * containers.
 */
final class Threads {

    private static final Path FDS = Path.of("/proc/self/fd");

    private Threads() {
    }

    /** @return the live platform threads of this JVM */
    static int live() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /**
     * @param prefix a thread name prefix
     * @return how many live threads have a name starting with it
     */
    static int named(String prefix) {
        int n = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(prefix)) {
                n++;
            }
        }
        return n;
    }

    /** @return the open file descriptors of this process (Linux /proc), or -1 where there is none */
    static int openDescriptors() {
        if (!Files.isDirectory(FDS)) {
            return -1;
        }
        try (Stream<Path> s = Files.list(FDS)) {
            return (int) s.count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + FDS, e);
        }
    }
}
