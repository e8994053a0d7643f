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

    /** Two slow yields in a row, then how long yields stay paused. */
    private long pauseAfterTwoSlowYields() {
        assertTrue(yieldTaking(SLOW));
        assertFalse(yieldTaking(SLOW), "the second slow yield in a row pauses yielding");
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
    void aLoneSlowYieldDoesNotPause() {
        for (int i = 0; i < 100; i++) {
            assertTrue(yieldTaking(SLOW));
            assertTrue(yieldTaking(FAST));
            assertTrue(yielder.allowed());
        }
    }

    @Test
    void twoSlowYieldsInARowPauseYieldingForOneMillisecond() {
        long pause = pauseAfterTwoSlowYields();
        assertEquals(TimeUnit.MILLISECONDS.toNanos(1), pause);
        assertTrue(yieldTaking(FAST), "after the pause, yields go on");
    }

    @Test
    void thePauseDoublesWhileYieldsAfterItStaySlowUpTo128Milliseconds() {
        long[] expectedMillis = {1, 2, 4, 8, 16, 32, 64, 128, 128, 128};
        for (long millis : expectedMillis) {
            assertEquals(TimeUnit.MILLISECONDS.toNanos(millis), pauseAfterTwoSlowYields());
        }
    }

    @Test
    void sixtyFourFastYieldsInARowBringThePauseBackToOneMillisecond() {
        pauseAfterTwoSlowYields();
        pauseAfterTwoSlowYields();
        for (int i = 0; i < Yielder.FAST_TO_RESET - 1; i++) {
            assertTrue(yieldTaking(FAST));
        }
        assertEquals(TimeUnit.MILLISECONDS.toNanos(4), pauseAfterTwoSlowYields(),
                "63 fast yields are not enough");
        for (int i = 0; i < Yielder.FAST_TO_RESET; i++) {
            assertTrue(yieldTaking(FAST));
        }
        assertEquals(TimeUnit.MILLISECONDS.toNanos(1), pauseAfterTwoSlowYields());
    }

    @Test
    void aYieldJustUnderTheThresholdIsFast() {
        for (int i = 0; i < 10; i++) {
            assertTrue(yieldTaking(SLOW - 1));
        }
        assertTrue(yielder.allowed());
    }
}
