package netpoll.nio.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A main class run in a child JVM under {@code bash -c 'ulimit -n N'}, on a plain class path made
 * of this JVM's module path and class path. Its standard output is read line by line, its standard
 * error goes to a file shown in failure messages, its descriptors, threads and resident memory are
 * read from /proc, and closing it kills it by PID.
 *
 * <p>Thread contract: used by one test thread; a daemon thread reads the child's output.
 */
public final class ChildJvm implements AutoCloseable {

    private static final long KILL_WAIT_SECONDS = 10;
    private static final int STDERR_TAIL_CHARS = 4000;
    private static final long KIB = 1024;

    private final Process process;
    private final Path stderr;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread pump;

    /**
     * @param descriptorLimit the child's {@code ulimit -n}
     * @param jvmOptions options before the main class
     * @param mainClass the class to run
     * @param args its arguments
     * @throws IOException when the child cannot be started
     */
    public ChildJvm(int descriptorLimit, List<String> jvmOptions, String mainClass, String... args)
            throws IOException {
        this.stderr = Files.createTempFile("netpoll-child", ".err");
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "ulimit -n " + descriptorLimit + " && exec \"$0\" \"$@\"",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath()));
        command.addAll(jvmOptions);
        command.add(mainClass);
        command.addAll(List.of(args));
        this.process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.to(stderr.toFile()))
                .start();
        this.pump = new Thread(this::pumpLines, "child-stdout-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    /** @return options that make a small child start fast */
    public static List<String> smallJvm() {
        return List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    }

    /** Every entry of this JVM's module path and class path, for a child's plain class path. */
    private static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property, "");
            for (String entry : value.split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    entries.add(entry);
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private void pumpLines() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(reading the child's output failed: " + e + ")");
        }
    }

    /**
     * @return the rest of the first output line that contains {@code marker}, after it
     * @throws IllegalStateException naming the child's errors when none comes within the wait
     */
    public String awaitLine(String marker, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (;;) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IllegalStateException("the child printed no \"" + marker + "\" within " + timeoutMillis
                        + " ms (alive: " + process.isAlive() + ")" + stderrTail());
            }
            int at = line.indexOf(marker);
            if (at >= 0) {
                return line.substring(at + marker.length());
            }
        }
    }

    /** Tells the child to finish: closes its standard input. */
    public void closeInput() throws IOException {
        process.getOutputStream().close();
    }

    /** @return the end of the child's standard error, for failure messages */
    public String stderrTail() {
        try {
            String all = Files.readString(stderr, StandardCharsets.UTF_8);
            String tail = all.length() > STDERR_TAIL_CHARS ? all.substring(all.length() - STDERR_TAIL_CHARS) : all;
            return tail.isEmpty() ? "" : "\nchild stderr:\n" + tail;
        } catch (IOException e) {
            return "\n(child stderr unreadable: " + e + ")";
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The child's descriptors, threads and resident memory, from /proc. */
    public record Usage(long descriptors, long threads, long rssBytes) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "descriptors %d, threads %d, RSS %.1f MiB", descriptors, threads,
                    rssBytes / (double) (KIB * KIB));
        }
    }

    /** @return the child's resource use now */
    public Usage usage() throws IOException {
        Path proc = Path.of("/proc", Long.toString(process.pid()));
        long fds;
        try (Stream<Path> s = Files.list(proc.resolve("fd"))) {
            fds = s.count();
        }
        long threads = 0;
        long rss = 0;
        for (String line : Files.readAllLines(proc.resolve("status"))) {
            if (line.startsWith("Threads:")) {
                threads = Long.parseLong(line.substring("Threads:".length()).trim());
            } else if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.substring("VmRSS:".length()).replace("kB", "").trim()) * KIB;
            }
        }
        return new Usage(fds, threads, rss);
    }

    @Override
    public void close() throws IOException {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
            pump.join(TimeUnit.SECONDS.toMillis(KILL_WAIT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Files.deleteIfExists(stderr);
        }
    }
}
