package netpoll.benchmarks.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcStatsTest {

    @Test
    void cpuTicksAddUserAndSystemTimeEvenWhenTheNameHasSpacesAndParentheses() {
        String stat = "4242 (java (weird) name) S 1 4242 4242 0 -1 4194560 9000 0 0 0 "
                + "1500 250 0 0 20 0 30 0 12345 4000000000 50000 18446744073709551615";
        assertEquals(1750, ProcStats.cpuTicksOf(stat));
    }

    @Test
    void statusFieldsAreReadByName() {
        String status = "Name:\tjava\nVmPeak:\t 4000000 kB\nVmRSS:\t  123456 kB\nThreads:\t37\n";
        assertEquals(123456, ProcStats.statusFieldOf(status, "VmRSS:"));
        assertEquals(37, ProcStats.statusFieldOf(status, "Threads:"));
        assertEquals(ProcStats.UNAVAILABLE, ProcStats.statusFieldOf(status, "VmSwap:"));
    }

    @Test
    void thisProcessIsReadableOnLinux() {
        long pid = ProcessHandle.current().pid();
        if (!System.getProperty("os.name").startsWith("Linux")) {
            assertEquals(ProcStats.UNAVAILABLE, ProcStats.rssBytes(pid));
            return;
        }
        assertTrue(ProcStats.rssBytes(pid) > 0);
        assertTrue(ProcStats.threads(pid) > 1);
        assertTrue(ProcStats.cpuTicks(pid) >= 0);
    }
}
