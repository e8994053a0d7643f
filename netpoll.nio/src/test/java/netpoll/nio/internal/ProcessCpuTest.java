package netpoll.nio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The process's CPU time as {@link Yielder} reads it. */
class ProcessCpuTest {

    @Test
    void theFieldsAreFoundPastACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (my (odd) cmd) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 125 0 0 20 0 30 0 100 0";
        assertEquals(TimeUnit.MILLISECONDS.toNanos(3_750), ProcessCpu.parse(stat));
    }

    @Test
    void onLinuxTheCpuTimeGrowsWhileThisThreadComputes() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "Linux only: no /proc/self/stat here");
        long before = ProcessCpu.nanos();
        assertTrue(before > 0, "the JVM has used CPU time by now: " + before);
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        long sink = 0;
        while (System.nanoTime() - until < 0 && ProcessCpu.nanos() - before < TimeUnit.MILLISECONDS.toNanos(30)) {
            for (int i = 0; i < 100_000; i++) {
                sink += i * 31L ^ sink;
            }
        }
        assertTrue(ProcessCpu.nanos() - before >= TimeUnit.MILLISECONDS.toNanos(30),
                "at least three 10 ms ticks in up to 200 ms of computing (sink " + sink + ")");
    }
}
