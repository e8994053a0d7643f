package netpoll.mcache.internal;

/**
 * Guesses how many bytes the next socket read will bring, as Netty's
 * {@code AdaptiveRecvByteBufAllocator} and Go's netpoll do: it grows fast after a read that filled
 * the whole guess and shrinks slowly after two reads in a row that used less than half of it, so a
 * 1 KiB request stream reads into 1-2 KiB and a bulk transfer into 64 KiB.
 *
 * <p>Thread contract: confined to the buffer's writer.
 */
final class ReadSizePredictor {

    private static final int MIN_SHIFT = 9;
    private static final int MAX_SHIFT = 16;
    private static final int INITIAL_SHIFT = 11;
    private static final int GROW_STEPS = 2;

    private int shift = INITIAL_SHIFT;
    private boolean shrinkNext;

    int next() {
        return 1 << shift;
    }

    void record(int bytesRead) {
        int guess = 1 << shift;
        if (bytesRead >= guess) {
            shift = Math.min(MAX_SHIFT, shift + GROW_STEPS);
            shrinkNext = false;
        } else if (bytesRead < guess >>> 2 && shift > MIN_SHIFT) {
            if (shrinkNext) {
                shift--;
                shrinkNext = false;
            } else {
                shrinkNext = true;
            }
        } else {
            shrinkNext = false;
        }
    }
}
