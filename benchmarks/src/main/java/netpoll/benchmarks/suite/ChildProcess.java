package netpoll.benchmarks.suite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JVM the suite started: its output (stdout and stderr merged) is copied to a log file and
 * offered line by line to the suite, and {@link #stop()} ends it by its PID.
 *
 * <p>Thread contract: made and stopped by the suite's thread; one pump thread per child reads
 * its output into {@link #lines} (a concurrent queue) and the log.
 */
final class ChildProcess implements AutoCloseable {

    private static final long STOP_WAIT_SECONDS = 5;
    private static final String END = "\u0000end";

    private final Process process;
    private final String name;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread pump;

    private ChildProcess(Process process, String name, Path log) throws IOException {
        this.process = process;
        this.name = name;
        PrintWriter logWriter = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true);
        this.pump = new Thread(() -> pump(logWriter), "pump-" + name);
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts a process.
     *
     * @param command the command line
     * @param name a short name for messages
     * @param log where its output is copied
     * @return the running child
     * @throws IOException when it cannot be started
     */
    static ChildProcess start(List<String> command, String name, Path log) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new ChildProcess(p, name, log);
    }

    private void pump(PrintWriter log) {
        try (log; BufferedReader r = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                log.println(line);
                lines.add(line);
            }
        } catch (IOException e) {
            log.println("[suite] output of " + name + " ended: " + e);
        } finally {
            lines.add(END);
        }
    }

    /**
     * @return the child's process id
     */
    long pid() {
        return process.pid();
    }

    /**
     * Waits for an output line that starts with {@code prefix}.
     *
     * @param prefix what the line starts with
     * @param timeoutMillis how long to wait
     * @return the line
     * @throws IOException naming the child when it ends or the time passes first
     * @throws InterruptedException when the suite is interrupted
     */
    String awaitLine(String prefix, long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new IOException(name + " printed no \"" + prefix + "\" line within "
                        + timeoutMillis + " ms");
            }
            if (END.equals(line)) {
                lines.add(END);
                throw new IOException(name + " ended before printing \"" + prefix + "\" (see its log)");
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /**
     * Waits for the child to exit on its own.
     *
     * @param timeoutMillis how long
     * @return its exit code
     * @throws IOException when it is still running after the timeout (it is then stopped)
     * @throws InterruptedException when the suite is interrupted
     */
    int awaitExit(long timeoutMillis) throws IOException, InterruptedException {
        if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
            stop();
            throw new IOException(name + " did not finish within " + timeoutMillis + " ms; stopped it");
        }
        return process.exitValue();
    }

    /**
     * Ends the child by its PID: closes its standard input, asks it to stop (SIGTERM), and kills
     * it (SIGKILL) when it has not ended after a few seconds. Idempotent.
     */
    void stop() {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the child may be gone already
        }
        ProcessHandle handle = process.toHandle();
        if (handle.isAlive()) {
            handle.destroy();
            try {
                if (!process.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    handle.destroyForcibly();
                    process.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                handle.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            pump.join(TimeUnit.SECONDS.toMillis(STOP_WAIT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
