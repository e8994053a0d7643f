package netpoll.nio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The yield policy on a fake clock: each yield takes the time the test sets. */
class YielderTest {

    private static final long FAST = TimeUnit.MICROSECONDS.toNanos(20);
    private static final long SLOW = TimeUnit.MICROSECONDS.toNanos(Yielder.SLOW_MICROS);

    private long now = 1_000_000_000L;
    private long nextYieldTakes = FAST;
    private int yields;
    private final Yielder yielder = new Yielder(() -> now, () -> {
        yields++;
        now += nextYieldTakes;
    });

    private boolean yieldTaking(long nanos) {
        nextYieldTakes = nanos;
        return yielder.yield();
    }

    /** Slow yields in a row until yielding pauses, then how long it stays paused. */
    private long pauseAfterSlowYields() {
        for (int i = 1; i < Yielder.SLOW_IN_ROW; i++) {
            assertTrue(yieldTaking(SLOW), "slow yield " + i + " in a row does not pause yet");
        }
        assertFalse(yieldTaking(SLOW), "slow yield " + Yielder.SLOW_IN_ROW + " in a row pauses yielding");
        long pausedAt = now;
        assertFalse(yielder.allowed());
        long step = TimeUnit.MICROSECONDS.toNanos(100);
        while (!yielder.allowed()) {
            now += step;
        }
        return now - pausedAt;
    }

    @Test
    void fastYieldsNeverPause() {
        for (int i = 0; i < 1_000; i++) {
            assertTrue(yielder.allowed());
            assertTrue(yieldTaking(FAST));
        }
        assertEquals(1_000, yields);
    }

    @Test
    void slowYieldsBrokenByAFastOneDoNotPause() {
        for (int i = 0; i < 100; i++) {
            for (int j = 1; j < Yielder.SLOW_IN_ROW; j++) {
                assertTrue(yieldTaking(SLOW));
            }
            assertTrue(yieldTaking(FAST));
            assertTrue(yielder.allowed());
        }
    }

    @Test
    void aLoneSlowYieldDoesNotPause() {
        for (int i = 0; i < 100; i++) {
            assertTrue(yieldTaking(SLOW));
            assertTrue(yieldTaking(FAST));
            assertTrue(yielder.allowed());
        }
    }

    @Test
    void enoughSlowYieldsInARowPauseYieldingForOneMillisecond() {
        long pause = pauseAfterSlowYields();
        assertEquals(TimeUnit.MILLISECONDS.toNanos(1), pause);
        assertTrue(yieldTaking(FAST), "after the pause, yields go on");
    }

    @Test
    void thePauseDoublesWhileYieldsAfterItStaySlowUpTo128Milliseconds() {
        long[] expectedMillis = {1, 2, 4, 8, 16, 32, 64, 128, 128, 128};
        for (long millis : expectedMillis) {
            assertEquals(TimeUnit.MILLISECONDS.toNanos(millis), pauseAfterSlowYields());
        }
    }

    @Test
    void sixtyFourFastYieldsInARowBringThePauseBackToOneMillisecond() {
        pauseAfterSlowYields();
        pauseAfterSlowYields();
        for (int i = 0; i < Yielder.FAST_TO_RESET - 1; i++) {
            assertTrue(yieldTaking(FAST));
        }
        assertEquals(TimeUnit.MILLISECONDS.toNanos(4), pauseAfterSlowYields(),
                "63 fast yields are not enough");
        for (int i = 0; i < Yielder.FAST_TO_RESET; i++) {
            assertTrue(yieldTaking(FAST));
        }
        assertEquals(TimeUnit.MILLISECONDS.toNanos(1), pauseAfterSlowYields());
    }

    @Test
    void aYieldJustUnderTheThresholdIsFast() {
        for (int i = 0; i < 10; i++) {
            assertTrue(yieldTaking(SLOW - 1));
        }
        assertTrue(yielder.allowed());
    }

    // The crowded core: a second yielder on the same fake clock, with a fake process CPU time.

    /** The share of the clock's time the crowd yielder's process gets, in percent: 0 is starved. */
    private int processPercent;
    private long processCpu;
    private long cpuReadAt = now;
    private int cpuReads;
    private final Yielder crowd = new Yielder(() -> now, () -> now += nextYieldTakes, () -> {
        cpuReads++;
        processCpu += (now - cpuReadAt) * processPercent / 100;
        cpuReadAt = now;
        return processCpu;
    }, 1);

    /**
     * Yields: one slow then {@code fastBetween} fast ones, {@code rounds} times. With a starved
     * process, one slow in two crowds the core from the first CPU window's end (about 100 ms in,
     * 190 rounds); 300 rounds (156 ms) then stay clear of the first recheck at 200-210 ms.
     */
    private void slowOneIn(Yielder y, int fastBetween, int rounds) {
        for (int i = 0; i < rounds; i++) {
            nextYieldTakes = SLOW;
            y.yield();
            fastYields(y, fastBetween);
        }
    }

    private void fastYields(Yielder y, int n) {
        nextYieldTakes = FAST;
        for (int i = 0; i < n; i++) {
            y.yield();
        }
    }

    @Test
    void theCoreIsNotCrowdedWhileFewYieldsAreSlow() {
        slowOneIn(crowd, 9, 400);
        assertFalse(crowd.crowded(), "one slow yield in ten, process starved");
        slowOneIn(crowd, 4, 400);
        assertFalse(crowd.crowded(), "one slow yield in five, process starved");
    }

    @Test
    void aFirstBurstOfSlowYieldsDoesNotCrowdTheCore() {
        fastYields(crowd, 10_000);
        slowOneIn(crowd, 0, Yielder.SLOW_IN_ROW);
        assertFalse(crowd.crowded(), "four slow yields after none are under a quarter of the share");
    }

    @Test
    void theCoreIsCrowdedWhileHalfTheYieldsAreSlowAndTheProcessIsStarved() {
        slowOneIn(crowd, 1, 300);
        assertTrue(crowd.crowded(), "one slow yield in two, process starved");
        fastYields(crowd, Yielder.SHARE_WINDOW);
        assertFalse(crowd.crowded(), "a window of fast yields");
    }

    @Test
    void slowYieldsDoNotCrowdTheCoreOfAProcessThatGetsIt() {
        processPercent = 100;
        slowOneIn(crowd, 1, 400);
        assertFalse(crowd.crowded(), "one slow yield in two, but the process used all its core: its own threads ran");
        processPercent = 0;
        slowOneIn(crowd, 1, 300);
        assertTrue(crowd.crowded(), "the same yields once the process is starved");
    }

    /** Fast yields for a little over one CPU window, so that the crowd yielder knows the process's share. */
    private void oneCpuWindow() {
        fastYields(crowd, (int) (TimeUnit.MILLISECONDS.toNanos(Yielder.CPU_WINDOW_MILLIS) / FAST) + 2);
    }

    /** @return whether the crowd yielder paused on slow yields in a row */
    private boolean slowYieldsInARowPauseTheCrowdYielder() {
        nextYieldTakes = SLOW;
        boolean paused = false;
        for (int i = 0; i < Yielder.SLOW_IN_ROW; i++) {
            paused |= !crowd.yield();
        }
        return paused || !crowd.allowed();
    }

    @Test
    void slowYieldsInARowDoNotPauseAProcessThatGetsItsCore() {
        processPercent = Yielder.OWN_CORE_PERCENT;
        oneCpuWindow();
        assertFalse(slowYieldsInARowPauseTheCrowdYielder(), "our own threads took those yields: no stranger");
        assertTrue(crowd.allowed());
    }

    @Test
    void slowYieldsInARowPauseAProcessShortOfItsCore() {
        processPercent = Yielder.OWN_CORE_PERCENT - 1;
        oneCpuWindow();
        assertTrue(slowYieldsInARowPauseTheCrowdYielder(), "a process short of its core: a stranger took those yields");
    }

    @Test
    void theProcessCpuTimeIsReadAtMostOncePerWindow() {
        slowOneIn(crowd, 1, 400);
        long windows = 400 * (SLOW + FAST) / TimeUnit.MILLISECONDS.toNanos(Yielder.CPU_WINDOW_MILLIS);
        assertTrue(cpuReads <= windows + 1, cpuReads + " reads in " + windows + " windows");
    }

    @Test
    void aYielderThatKnowsNoCpuTimeNeverCallsTheCoreCrowdedAndStopsAsking() {
        int[] asked = {0};
        Yielder unknown = new Yielder(() -> now, () -> now += nextYieldTakes, () -> {
            asked[0]++;
            return -1;
        }, 1);
        slowOneIn(unknown, 1, 400);
        assertFalse(unknown.crowded());
        assertEquals(1, asked[0]);
        slowOneIn(yielder, 1, 400);
        assertFalse(yielder.crowded(), "the yielder made without a CPU clock");
    }

    @Test
    void aCrowdedSpellLetsReadersYieldForARecheckEveryHundredMilliseconds() {
        slowOneIn(crowd, 1, 300);
        assertTrue(crowd.crowded());
        long start = now;
        long step = TimeUnit.MILLISECONDS.toNanos(1);
        int falseMillis = 0;
        for (long t = 0; t < TimeUnit.MILLISECONDS.toNanos(330); t += step) {
            now = start + t;
            if (!crowd.crowded()) {
                falseMillis++;
            }
        }
        assertTrue(falseMillis >= 2 * Yielder.RECHECK_MILLIS && falseMillis <= 3 * Yielder.RECHECK_MILLIS,
                falseMillis + " ms of rechecks in 330 ms, each " + Yielder.RECHECK_MILLIS + " ms");
    }
}
