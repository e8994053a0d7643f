package netpoll.benchmarks.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import netpoll.benchmarks.server.VirtualThreads;

/**
 * Finds a JDK for the {@code virtual} server when the suite runs on one without virtual threads:
 * the issue compares netpoll on JDK 17 with virtual threads on a newer JDK in one run. Looks at
 * {@code --virtual-java-home} first, then at the JDKs installed side by side in
 * {@code /usr/lib/jvm}, and takes the newest one of feature release 21 or later.
 */
final class JavaHomes {

    /** Where Debian, Ubuntu and Temurin packages install JDKs. */
    static final Path SYSTEM_JVMS = Path.of("/usr/lib/jvm");

    private static final Pattern VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)");

    private JavaHomes() {
    }

    /**
     * @param given the {@code --virtual-java-home} option, or null
     * @return the java home to run the virtual server with, or empty when there is none
     */
    static Optional<Path> forVirtual(Path given) {
        if (given != null) {
            return Optional.of(given);
        }
        if (VirtualThreads.available()) {
            return Optional.of(Path.of(System.getProperty("java.home")));
        }
        return newestWithVirtualThreads(SYSTEM_JVMS);
    }

    /**
     * @param dir a directory of JDKs
     * @return the JDK in it with the highest feature release, if it is 21 or later
     */
    static Optional<Path> newestWithVirtualThreads(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(dir)) {
            List<Path> candidates = homes
                    .filter(h -> Files.isExecutable(h.resolve("bin").resolve("java")))
                    .filter(h -> feature(h) >= VirtualThreads.FIRST_JDK)
                    .sorted(Comparator.comparingInt(JavaHomes::feature).reversed()
                            .thenComparing(Comparator.naturalOrder()))
                    .toList();
            return candidates.stream().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * @param home a java home
     * @return its feature release from its {@code release} file, 0 when unknown
     */
    static int feature(Path home) {
        try {
            Matcher m = VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
