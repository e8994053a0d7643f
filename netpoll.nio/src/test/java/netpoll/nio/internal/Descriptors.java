package netpoll.nio.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** This process's file descriptors as Linux shows them in /proc; -1 where /proc is missing. */
final class Descriptors {

    private static final Path LIMITS = Path.of("/proc/self/limits");
    private static final Path FDS = Path.of("/proc/self/fd");
    private static final String OPEN_FILES = "Max open files";

    private Descriptors() {
    }

    /** @return the soft limit on open descriptors ({@code ulimit -n}), or -1 when unknown */
    static long softLimit() {
        try (Stream<String> lines = Files.lines(LIMITS)) {
            return lines.filter(l -> l.startsWith(OPEN_FILES))
                    .map(l -> l.substring(OPEN_FILES.length()).trim().split("\\s+")[0])
                    .mapToLong(v -> "unlimited".equals(v) ? Long.MAX_VALUE : Long.parseLong(v))
                    .findFirst().orElse(-1);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** @return how many descriptors are open now, or -1 when unknown */
    static long open() {
        try (Stream<Path> fds = Files.list(FDS)) {
            return fds.count();
        } catch (IOException e) {
            return -1;
        }
    }
}
