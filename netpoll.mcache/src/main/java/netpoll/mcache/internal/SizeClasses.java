package netpoll.mcache.internal;

/**
 * Power-of-two size classes from {@value #MIN_SIZE} bytes up to a configured largest class.
 * Immutable.
 */
public final class SizeClasses {

    /** log2 of the smallest class: 64 bytes, one cache line. */
    public static final int MIN_SHIFT = 6;
    /** The smallest class size in bytes. */
    public static final int MIN_SIZE = 1 << MIN_SHIFT;

    private final int maxShift;

    /**
     * @param maxSize the largest class, a power of two of at least {@value #MIN_SIZE}
     */
    public SizeClasses(int maxSize) {
        if (maxSize < MIN_SIZE || Integer.bitCount(maxSize) != 1) {
            throw new IllegalArgumentException("largest size class must be a power of two >= "
                    + MIN_SIZE + ": " + maxSize);
        }
        this.maxShift = Integer.numberOfTrailingZeros(maxSize);
    }

    /**
     * @return how many classes there are
     */
    public int count() {
        return maxShift - MIN_SHIFT + 1;
    }

    /**
     * @return the largest class size in bytes
     */
    public int maxSize() {
        return 1 << maxShift;
    }

    /**
     * @param size a size from 0 to {@link #maxSize()}
     * @return the index of the smallest class that holds {@code size} bytes
     */
    public int classOf(int size) {
        return size <= MIN_SIZE ? 0 : Integer.SIZE - Integer.numberOfLeadingZeros(size - 1) - MIN_SHIFT;
    }

    /**
     * @param sizeClass a class index
     * @return its size in bytes
     */
    public int sizeOf(int sizeClass) {
        return 1 << (sizeClass + MIN_SHIFT);
    }

    /**
     * Rounds up to a power of two, for configuration values.
     *
     * @param value a positive size
     * @return the smallest power of two that is at least {@code value}
     */
    public static int roundUp(int value) {
        return value <= 1 ? 1 : Integer.highestOneBit(value - 1) << 1;
    }
}
