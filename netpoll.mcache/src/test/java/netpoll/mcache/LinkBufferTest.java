package netpoll.mcache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.Pipe;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LinkBufferTest {

    private final Mcache cache = Mcache.builder().build();

    @AfterEach
    void noLeaks() {
        Leaks.assertNone(cache);
        cache.close();
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 13 + seed);
        }
        return b;
    }

    private static byte[] contents(ByteBuffer view) {
        byte[] b = new byte[view.remaining()];
        view.duplicate().get(b);
        return b;
    }

    private long lentBytes() {
        return cache.reservedBytes() - cache.cachedBytes();
    }

    @Test
    void appendFromAnotherCacheCopiesTheBytesAndLeavesNothingBorrowed() throws Exception {
        try (Mcache other = Mcache.builder().build();
             LinkBuffer source = new LinkBuffer(other, 64);
             LinkBuffer target = new LinkBuffer(cache, 64)) {
            source.writeBinary(bytes(300, 5));
            source.flush();
            source.writeBinary(bytes(10, 6));
            target.append(source);
            target.flush();
            assertEquals(0, source.length());
            assertEquals(0, other.outstandingBuffers(), "the other cache got every buffer back");
            assertArrayEquals(bytes(300, 5), target.readBinary(300));
            assertArrayEquals(bytes(10, 6), target.readBinary(10));
            target.release();
        }
    }

    @Test
    void anIdleBufferHoldsNoPooledMemory() throws IOException {
        try (LinkBuffer buf = new LinkBuffer(cache)) {
            assertEquals(0, cache.outstandingBuffers(), "a new buffer holds nothing");
            buf.writeBinary(bytes(10_000, 1));
            buf.flush();
            buf.next(9_000);
            buf.release();
            assertTrue(cache.outstandingBuffers() > 0, "unread bytes keep their node");
            buf.skip(1_000);
            buf.release();
            assertEquals(0, cache.outstandingBuffers(), "nothing readable or staged: every node went back");
            assertTrue(buf.isEmpty());
            buf.writeInt(7);
            assertFalse(buf.isEmpty());
            buf.flush();
            assertEquals(7, buf.readInt());
            buf.release();
            assertEquals(0, cache.outstandingBuffers());
        }
    }

    @Test
    void releaseWhileBytesAreStagedKeepsTheTailForTheWriter() throws IOException {
        try (LinkBuffer buf = new LinkBuffer(cache)) {
            buf.writeInt(1);
            buf.flush();
            buf.writeInt(2);
            assertEquals(1, buf.readInt());
            buf.release();
            buf.flush();
            assertEquals(2, buf.readInt());
            buf.release();
            assertEquals(0, cache.outstandingBuffers());
        }
    }

    @Test
    void aViewWithinOneNodeIsReusedForTheSameRegionAfterRelease() throws IOException {
        try (LinkBuffer buf = new LinkBuffer(cache)) {
            ByteBuffer first = null;
            for (int round = 0; round < 3; round++) {
                buf.writeInt(1024);
                buf.writeBinary(bytes(1024, round));
                buf.flush();
                assertEquals(1024, buf.readInt());
                ByteBuffer payload = buf.next(1024);
                assertArrayEquals(bytes(1024, round), contents(payload));
                if (first == null) {
                    first = payload;
                } else {
                    assertSame(first, payload, "steady frames reuse their view");
                }
                payload.position(100);
                buf.release();
            }
        }
    }

    @Test
    void aZeroLengthReadCanBeCopiedIntoAZeroLengthMalloc() throws IOException {
        try (LinkBuffer buf = new LinkBuffer(cache)) {
            ByteBuffer empty = buf.next(0);
            assertNotSame(empty, buf.malloc(0));
            buf.malloc(0).put(empty);
            buf.malloc(0).put(buf.peek(0));
            assertEquals(0, buf.mallocLength());
        }
    }

    @Test
    void twoViewsOfTheSameRegionBeforeReleaseAreDistinct() throws IOException {
        try (LinkBuffer buf = new LinkBuffer(cache)) {
            buf.writeBinary(bytes(10, 2));
            buf.flush();
            ByteBuffer a = buf.peek(10);
            a.position(5);
            ByteBuffer b = buf.peek(10);
            assertNotSame(a, b);
            assertEquals(5, a.position(), "handing out another view must not move one still held");
            buf.skip(10);
            buf.release();
        }
    }

    @Test
    void aReadSpanningNodesMakesOnePooledCopyFreedOnRelease() throws IOException {
        try (LinkBuffer buf = new LinkBuffer(cache, 64)) {
            buf.writeBinary(bytes(40, 3));
            buf.writeBinary(bytes(40, 4));
            buf.flush();
            long before = cache.outstandingBuffers();
            ByteBuffer both = buf.next(80);
            assertTrue(both.isDirect());
            assertEquals(80, both.remaining());
            byte[] expected = new byte[80];
            System.arraycopy(bytes(40, 3), 0, expected, 0, 40);
            System.arraycopy(bytes(40, 4), 0, expected, 40, 40);
            assertArrayEquals(expected, contents(both));
            assertEquals(before + 1, cache.outstandingBuffers(), "one pooled copy");
            buf.release();
            assertEquals(0, cache.outstandingBuffers());
        }
    }

    @Test
    void aSliceKeepsItsMemoryAliveUntilBothSidesReleaseIt() throws IOException {
        LinkBuffer slice;
        try (LinkBuffer buf = new LinkBuffer(cache)) {
            buf.writeBinary(bytes(3000, 5));
            buf.flush();
            slice = buf.slice(3000);
            assertEquals(0, buf.length());
        }
        assertTrue(cache.outstandingBuffers() > 0, "the parent is closed, the slice still holds the memory");
        assertArrayEquals(bytes(3000, 5), slice.readBinary(3000));
        slice.release();
        assertEquals(0, cache.outstandingBuffers());
        slice.close();
    }

    @Test
    void aSliceMayBeReleasedOnAnotherThread() throws Exception {
        try (LinkBuffer buf = new LinkBuffer(cache)) {
            buf.writeBinary(bytes(100, 6));
            buf.flush();
            LinkBuffer slice = buf.slice(60);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    assertArrayEquals(Arrays.copyOf(bytes(100, 6), 60), slice.readBinary(60));
                    slice.release();
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            t.start();
            assertArrayEquals(Arrays.copyOfRange(bytes(100, 6), 60, 100), buf.readBinary(40));
            buf.release();
            t.join(10_000);
            assertFalse(t.isAlive());
            assertEquals(null, failure.get());
        }
    }

    @Test
    void closingASliceDropsItsUnreadBytes() throws IOException {
        try (LinkBuffer buf = new LinkBuffer(cache)) {
            buf.writeBinary(bytes(100, 7));
            buf.flush();
            buf.slice(100).close();
        }
    }

    @Test
    void aLargeDirectSourceIsLinkedNotCopied() throws IOException {
        try (LinkBuffer buf = new LinkBuffer(cache)) {
            ByteBuffer src = ByteBuffer.allocateDirect(8192);
            buf.writeBinary(src.duplicate());
            buf.flush();
            src.put(0, (byte) 99);
            assertEquals(99, buf.readByte(), "the reader sees the source's memory");
            buf.skip(8191);
            buf.release();
        }
    }

    @Test
    void smallAndHeapSourcesAreCopied() throws IOException {
        try (LinkBuffer buf = new LinkBuffer(cache)) {
            ByteBuffer small = ByteBuffer.allocateDirect(100);
            byte[] heap = new byte[10_000];
            buf.writeBinary(small.duplicate());
            buf.writeBinary(heap);
            buf.flush();
            small.put(0, (byte) 1);
            heap[0] = 1;
            assertEquals(0, buf.readByte());
            buf.skip(99);
            assertEquals(0, buf.readByte());
            buf.skip(9_999);
            buf.release();
        }
    }

    @Test
    void appendMovesNodesWithoutCopying() throws IOException {
        try (LinkBuffer buf = new LinkBuffer(cache); LinkBuffer other = new LinkBuffer(cache)) {
            ByteBuffer region = other.malloc(100);
            buf.writeInt(3);
            buf.append(other);
            region.put(0, (byte) 42);
            buf.flush();
            assertEquals(3, buf.readInt());
            assertEquals(42, buf.readByte(), "the appended node is the same memory");
            buf.skip(99);
            buf.release();
            assertThrows(IllegalArgumentException.class, () -> buf.append(buf));
        }
    }

    @Test
    void appendKeepsTheOthersUnreadBytesAfterItsReadPosition() throws IOException {
        try (LinkBuffer buf = new LinkBuffer(cache); LinkBuffer other = new LinkBuffer(cache, 64)) {
            other.writeBinary(bytes(200, 8));
            other.flush();
            other.skip(50);
            buf.append(other);
            buf.flush();
            assertArrayEquals(Arrays.copyOfRange(bytes(200, 8), 50, 200), buf.readBinary(150));
            buf.release();
            other.writeInt(5);
            other.flush();
            assertEquals(5, other.readInt(), "the other buffer is usable and empty after append");
            other.release();
        }
    }

    @Test
    void writeDirectOfAHeapSourceCopiesItIntoTheRegion() throws IOException {
        try (LinkBuffer buf = new LinkBuffer(cache)) {
            ByteBuffer region = buf.malloc(4);
            buf.writeDirect(ByteBuffer.wrap(new byte[] {9, 9}), 4);
            buf.writeDirect(ByteBuffer.wrap(new byte[] {8}), 1);
            region.put(new byte[] {1, 2, 3, 4});
            buf.writeByte((byte) 5);
            buf.flush();
            assertArrayEquals(new byte[] {9, 9, 1, 2, 3, 8, 4, 5}, buf.readBinary(8));
            buf.release();
        }
    }

    @Test
    void readFromReadsIntoAnAdaptiveSliceOfPooledMemory() throws IOException {
        Pipe pipe = Pipe.open();
        try (LinkBuffer buf = new LinkBuffer(cache); Pipe.SourceChannel in = pipe.source();
                Pipe.SinkChannel out = pipe.sink()) {
            out.write(ByteBuffer.wrap(bytes(1024, 9)));
            assertEquals(1024, buf.readFrom(in, 0));
            assertTrue(lentBytes() <= 4096, "a 1 KiB message takes little memory: " + lentBytes());
            assertEquals(1024, buf.length());
            assertArrayEquals(bytes(1024, 9), buf.readBinary(1024));
            buf.release();
            out.write(ByteBuffer.wrap(bytes(100, 10)));
            assertEquals(10, buf.readFrom(in, 10), "at most sizeHint bytes");
            assertEquals(90, buf.readFrom(in, 0));
            assertArrayEquals(bytes(100, 10), buf.readBinary(100));
            buf.release();
            in.configureBlocking(false);
            assertEquals(0, buf.readFrom(in, 0));
            assertEquals(0, cache.outstandingBuffers(), "an empty read keeps no node");
            pipe.sink().close();
            assertEquals(-1, buf.readFrom(in, 0));
        }
    }

    @Test
    void readFromGrowsItsReadSizeForBulkTransfers() throws IOException {
        Pipe pipe = Pipe.open();
        try (LinkBuffer buf = new LinkBuffer(cache); Pipe.SourceChannel in = pipe.source();
                Pipe.SinkChannel out = pipe.sink()) {
            int biggest = 0;
            for (int i = 0; i < 8; i++) {
                out.write(ByteBuffer.wrap(bytes(60_000, i)));
                int n = 0;
                while (buf.length() < 60_000) {
                    int got = buf.readFrom(in, 0);
                    biggest = Math.max(biggest, got);
                    n += got;
                }
                assertEquals(60_000, n);
                buf.skip(60_000);
                buf.release();
            }
            assertTrue(biggest > 8192, "reads grew to " + biggest);
        }
    }

    @Test
    void readFromRefusesToMixWithStagedBytes() throws IOException {
        Pipe pipe = Pipe.open();
        try (LinkBuffer buf = new LinkBuffer(cache); Pipe.SourceChannel in = pipe.source();
                Pipe.SinkChannel out = pipe.sink()) {
            buf.writeInt(1);
            assertThrows(IllegalStateException.class, () -> buf.readFrom(in, 0));
            buf.flush();
            out.write(ByteBuffer.wrap(new byte[] {2}));
            assertEquals(1, buf.readFrom(in, 0));
            assertEquals(1, buf.readInt());
            assertEquals(2, buf.readByte());
            buf.release();
        }
    }

    /** Accepts at most {@code max} bytes per write, like a nearly full socket. */
    private static final class Trickle implements GatheringByteChannel {
        final java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        int max;
        int calls;

        Trickle(int max) {
            this.max = max;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            calls++;
            long n = 0;
            for (int i = offset; i < offset + length && n < max; i++) {
                while (srcs[i].hasRemaining() && n < max) {
                    got.write(srcs[i].get());
                    n++;
                }
            }
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs) {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public int write(ByteBuffer src) {
            return (int) write(new ByteBuffer[] {src}, 0, 1);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void writeToMakesOneGatherWriteAndKeepsWhatDidNotFit() throws IOException {
        try (LinkBuffer buf = new LinkBuffer(cache, 64)) {
            byte[] data = bytes(500, 11);
            buf.writeBinary(Arrays.copyOf(data, 50));
            buf.writeBinary(Arrays.copyOfRange(data, 50, 500));
            buf.writeInt(0);
            buf.flush();
            buf.skip(0);
            Trickle ch = new Trickle(300);
            assertEquals(300, buf.writeTo(ch));
            assertEquals(1, ch.calls, "one gather write");
            assertEquals(204, buf.length());
            ch.max = 0;
            assertEquals(0, buf.writeTo(ch), "a full socket takes nothing");
            ch.max = 1000;
            assertEquals(204, buf.writeTo(ch));
            assertArrayEquals(data, Arrays.copyOf(ch.got.toByteArray(), 500));
            assertEquals(0, cache.outstandingBuffers(), "drained: every node went back");
            assertEquals(0, buf.writeTo(ch));
        }
    }

    @Test
    void closeFreesEverythingAndLaterUseIsRefused() throws IOException {
        LinkBuffer buf = new LinkBuffer(cache, 64);
        buf.writeBinary(bytes(300, 12));
        buf.flush();
        buf.next(100);
        buf.peek(150);
        buf.writeBinary(bytes(100, 13));
        buf.close();
        buf.close();
        assertEquals(0, cache.outstandingBuffers());
        assertThrows(IllegalStateException.class, () -> buf.next(1));
        assertThrows(IllegalStateException.class, () -> buf.writeInt(1));
        assertThrows(IllegalStateException.class, buf::flush);
        assertThrows(IllegalStateException.class, buf::release);
    }

    @Test
    void constructorsRefuseBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new LinkBuffer(-1));
        assertThrows(IllegalArgumentException.class, () -> new LinkBuffer(null, 0));
        new LinkBuffer().close();
        new LinkBuffer(0).close();
    }
}
