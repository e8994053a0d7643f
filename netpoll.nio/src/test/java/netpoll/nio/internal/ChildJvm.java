package netpoll.nio.internal;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A main class of this module's tests run in a child JVM under {@code bash -c 'ulimit -n N'},
 * on a plain class path made of this JVM's module path and class path. Its standard output is
 * read line by line; its standard error goes to a file shown in failure messages. Closing it
 * kills the child by PID.
 */
final class ChildJvm implements AutoCloseable {

    private static final long KILL_WAIT_SECONDS = 10;
    private static final int STDERR_TAIL_CHARS = 4000;

    private final Process process;
    private final Path stderr;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread pump;

    ChildJvm(int descriptorLimit, Class<?> mainClass, String... jvmOptions) throws IOException {
        this.stderr = Files.createTempFile("netpoll-child", ".err");
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "ulimit -n " + descriptorLimit + " && exec \"$0\" \"$@\"",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath()));
        command.addAll(Arrays.asList(jvmOptions));
        command.add(mainClass.getName());
        this.process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.to(stderr.toFile()))
                .start();
        this.pump = new Thread(this::pumpLines, "child-stdout-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    /** Every entry of this JVM's module path and class path, for a child's plain class path. */
    static String classPath() {
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
     * @return the first line of standard output that starts with {@code prefix}, without it
     * @throws IllegalStateException naming the child's errors when none comes within the wait
     */
    String awaitLine(String prefix, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (;;) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IllegalStateException("the child printed no \"" + prefix + "\" line within "
                        + timeoutMillis + " ms (alive: " + process.isAlive() + ")" + stderrTail());
            }
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length());
            }
        }
    }

    /** @return the end of the child's standard error, for failure messages */
    String stderrTail() {
        try {
            String all = Files.readString(stderr, StandardCharsets.UTF_8);
            String tail = all.length() > STDERR_TAIL_CHARS ? all.substring(all.length() - STDERR_TAIL_CHARS) : all;
            return tail.isEmpty() ? "" : "\nchild stderr:\n" + tail;
        } catch (IOException e) {
            return "\n(child stderr unreadable: " + e + ")";
        }
    }

    boolean isAlive() {
        return process.isAlive();
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
