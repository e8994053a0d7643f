package netpoll.benchmarks.suite;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import netpoll.api.spi.Transport;
import netpoll.benchmarks.server.VirtualThreads;

/**
 * Which implementations this JVM and machine can run, and why not: the suite skips what is
 * missing and says so in its output and in the results, instead of failing half-way.
 */
final class Availability {

    private Availability() {
    }

    /**
     * @param impl a server or client implementation
     * @param virtualJavaHome the {@code --virtual-java-home} option, or null
     * @return null when it can run here, otherwise the reason
     */
    static String whyNot(String impl, Path virtualJavaHome) {
        if ("virtual".equals(impl) && JavaHomes.forVirtual(virtualJavaHome).isEmpty()) {
            return "virtual: virtual threads need JDK " + VirtualThreads.FIRST_JDK
                    + "+, this is " + Runtime.version() + " and none was found in "
                    + JavaHomes.SYSTEM_JVMS + " (give one with --virtual-java-home)";
        }
        if ("netpoll".equals(impl) && ServiceLoader.load(Transport.class).findFirst().isEmpty()) {
            return "netpoll: no netpoll Transport (netpoll.nio) in this build";
        }
        return null;
    }

    /**
     * @return the path of {@code taskset} on the PATH, or null
     */
    static Path taskset() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "taskset");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
