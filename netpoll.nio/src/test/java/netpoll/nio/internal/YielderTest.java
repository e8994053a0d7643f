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
}
