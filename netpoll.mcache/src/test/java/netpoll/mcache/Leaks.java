package netpoll.mcache;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The end-of-test check every test here makes: no buffer of the cache is outstanding.
 */
public final class Leaks {

    private Leaks() {
    }

    /**
     * Asserts that {@code cache} has no outstanding buffer, printing where leaked ones were
     * allocated.
     *
     * @param cache the cache to check
     */
    public static void assertNone(Mcache cache) {
        long outstanding = cache.outstandingBuffers();
        if (outstanding != 0) {
            System.err.println(cache.leakReport());
        }
        assertEquals(0, outstanding, () -> "outstanding buffers:\n" + cache.leakReport());
    }
}
