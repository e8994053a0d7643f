package netpoll.gopool.internal;

/**
 * The field layout of {@link TaskQueue}: the producer fields and the consumer fields each sit on
 * their own cache lines, so producers and consumers do not invalidate each other's line on every
 * task (false sharing). HotSpot lays out a superclass's fields before its subclass's, so the
 * padding classes below put 64 bytes of unused longs before, between and after the two groups.
 * The pad fields are never read or written; they exist only to take up space.
 */
final class TaskQueueLayout {

    private TaskQueueLayout() {
    }

    /** Padding before the producer fields. */
    abstract static class LeftPad {
        long p00, p01, p02, p03, p04, p05, p06, p07;
    }

    /** Fields written by producers. */
    abstract static class ProducerFields extends LeftPad {
        /** Next index to fill, with the closed bit: atomic add by producers, OR by close. */
        volatile long producerIndex;
        /** A chunk whose base is at most the next index to fill: written by producers (volatile). */
        volatile TaskChunk producerChunk;
    }

    /** Padding between producer and consumer fields. */
    abstract static class MiddlePad extends ProducerFields {
        long p10, p11, p12, p13, p14, p15, p16, p17;
    }

    /** Fields written by consumers. */
    abstract static class ConsumerFields extends MiddlePad {
        /** Next index to take: CAS by consumers, read by anyone. */
        volatile long consumerIndex;
        /** A chunk whose base is at most the next index to take: written by consumers (volatile). */
        volatile TaskChunk consumerChunk;
    }

    /** Padding after the consumer fields. */
    abstract static class RightPad extends ConsumerFields {
        long p20, p21, p22, p23, p24, p25, p26, p27;
    }
}
