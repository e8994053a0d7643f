package netpoll.mcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class McacheTest {

    private final Mcache cache = Mcache.builder().build();

    @AfterEach
    void noLeaks() {
        Leaks.assertNone(cache);
        cache.close();
    }

    @Test
    void mallocReturnsADirectBufferOfTheSizeClassAtPositionZero() {
        ByteBuffer b = cache.malloc(1000);
        assertTrue(b.isDirect());
        assertEquals(0, b.position());
        assertEquals(1000, b.limit());
        assertEquals(1024, b.capacity());
        assertEquals(ByteOrder.BIG_ENDIAN, b.order());
        cache.free(b);
    }

    @Test
    void mallocWithCapacityRoundsTheCapacityUpToItsClass() {
        ByteBuffer b = cache.malloc(10, 3000);
        assertEquals(10, b.limit());
        assertEquals(4096, b.capacity());
        ByteBuffer tiny = cache.malloc(0);
        assertEquals(0, tiny.limit());
        assertEquals(64, tiny.capacity());
        cache.free(b);
        cache.free(tiny);
    }

    @Test
    void mallocAfterFreeReusesTheBufferWithoutZeroingIt() {
        ByteBuffer b = cache.malloc(100);
        b.put(0, (byte) 42).order(ByteOrder.LITTLE_ENDIAN).position(7);
        cache.free(b);
        ByteBuffer again = cache.malloc(70);
        assertSame(b, again);
        assertEquals(42, again.get(0), "memory is not zeroed");
        assertEquals(0, again.position());
        assertEquals(70, again.limit());
        assertEquals(ByteOrder.BIG_ENDIAN, again.order());
        cache.free(again);
    }

    @Test
    void freeingTwiceIsRefusedAndLeavesTheCacheIntact() {
        ByteBuffer b = cache.malloc(100);
        cache.free(b);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cache.free(b));
        assertTrue(e.getMessage().contains("double free"), e.getMessage());
        ByteBuffer x = cache.malloc(100);
        ByteBuffer y = cache.malloc(100);
        assertNotSame(x, y, "a double free must not put the buffer in the cache twice");
        cache.free(x);
        cache.free(y);
    }

    @Test
    void foreignBuffersSlicesAndOtherCachesBuffersAreRefused() {
        ByteBuffer mine = cache.malloc(100);
        try (Mcache other = Mcache.builder().build()) {
            ByteBuffer theirs = other.malloc(100);
            assertThrows(IllegalArgumentException.class, () -> cache.free(theirs));
            other.free(theirs);
        }
        assertThrows(IllegalArgumentException.class, () -> cache.free(ByteBuffer.allocateDirect(128)));
        assertThrows(IllegalArgumentException.class, () -> cache.free(ByteBuffer.allocate(128)));
        assertThrows(IllegalArgumentException.class, () -> cache.free(mine.slice()));
        assertThrows(IllegalArgumentException.class, () -> cache.free(mine.duplicate()));
        assertThrows(IllegalArgumentException.class, () -> cache.free(null));
        assertThrows(IllegalArgumentException.class, () -> cache.malloc(-1));
        cache.free(mine);
    }

    @Test
    void sizesAboveTheLargestClassArePlainAllocationsOfExactCapacity() {
        try (Mcache small = Mcache.builder().maxSizeClass(4096).build()) {
            ByteBuffer big = small.malloc(5000);
            assertEquals(5000, big.capacity());
            assertTrue(big.isDirect());
            assertEquals(1, small.outstandingBuffers());
            assertEquals(0, small.reservedBytes(), "large allocations are not carved from slabs");
            small.free(big);
            assertEquals(0, small.outstandingBuffers());
            assertThrows(IllegalArgumentException.class, () -> small.free(big));
        }
    }

    @Test
    void countersTrackReservedCachedAndOutstanding() {
        assertEquals(0, cache.reservedBytes());
        List<ByteBuffer> lent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            lent.add(cache.malloc(1024));
        }
        assertEquals(10, cache.outstandingBuffers());
        long reserved = cache.reservedBytes();
        assertTrue(reserved >= 10 * 1024, "reserved " + reserved);
        assertEquals(reserved - 10 * 1024, cache.cachedBytes());
        lent.forEach(cache::free);
        assertEquals(0, cache.outstandingBuffers());
        assertEquals(reserved, cache.cachedBytes());
    }

    @Test
    void leakReportNamesWhereAnOutstandingBufferWasAllocated() {
        try (Mcache traced = Mcache.builder().leakDetection(true).build()) {
            assertEquals("", traced.leakReport());
            ByteBuffer b = traced.malloc(10);
            String report = traced.leakReport();
            assertTrue(report.contains("leakReportNamesWhereAnOutstandingBufferWasAllocated"), report);
            traced.free(b);
            assertEquals("", traced.leakReport());
        }
        try (Mcache untraced = Mcache.builder().leakDetection(false).build()) {
            ByteBuffer b = untraced.malloc(10);
            assertTrue(untraced.leakReport().contains("1 outstanding"), untraced.leakReport());
            untraced.free(b);
        }
    }

    @Test
    void buffersMallocedOnOneThreadCanBeFreedOnAnother() throws Exception {
        int count = 5000;
        BlockingQueue<ByteBuffer> queue = new ArrayBlockingQueue<>(64);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread freer = new Thread(() -> {
            try {
                for (int i = 0; i < count; i++) {
                    ByteBuffer b = queue.poll(10, TimeUnit.SECONDS);
                    assertEquals(i, b.getInt(0));
                    cache.free(b);
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "freer");
        freer.start();
        for (int i = 0; i < count; i++) {
            ByteBuffer b = cache.malloc(1024);
            b.putInt(0, i);
            assertTrue(queue.offer(b, 10, TimeUnit.SECONDS));
        }
        freer.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(freer.isAlive());
        assertEquals(null, failure.get());
        long reserved = cache.reservedBytes();
        assertTrue(reserved <= 2 << 20, "cross-thread reuse keeps memory bounded, reserved " + reserved);
    }

    @Test
    void theCacheOfADeadThreadGoesBackToTheSharedStore() throws Exception {
        Thread t = new Thread(() -> cache.free(cache.malloc(1024)), "short-lived");
        t.start();
        t.join(10_000);
        assertFalse(t.isAlive());
        long reserved = cache.reservedBytes();
        List<ByteBuffer> lent = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            lent.add(cache.malloc(1024));
        }
        assertEquals(reserved, cache.reservedBytes(), "the dead thread's chunks were reused");
        lent.forEach(cache::free);
    }

    @Test
    void closeFreesEverythingAndLaterMallocIsRefused() {
        Mcache c = Mcache.builder().build();
        ByteBuffer b = c.malloc(100);
        c.free(b);
        assertTrue(c.reservedBytes() > 0);
        c.close();
        c.close();
        assertEquals(0, c.reservedBytes());
        assertEquals(0, c.cachedBytes());
        assertThrows(IllegalStateException.class, () -> c.malloc(1));
    }

    @Test
    void bufferStillLentAtCloseStaysUsableAndMayBeFreedLater() {
        Mcache c = Mcache.builder().build();
        ByteBuffer b = c.malloc(100);
        c.close();
        b.putLong(0, 7L);
        assertEquals(7L, b.getLong(0));
        c.free(b);
    }

    @Test
    void closeDrainsTheThreadCachesSoTheirBuffersCanBeCollected() throws InterruptedException {
        Mcache c = Mcache.builder().build();
        java.lang.ref.WeakReference<ByteBuffer> cached = mallocAndFree(c);
        c.close();
        for (int i = 0; i < 50 && cached.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(null, cached.get(), "this thread's cache still held a buffer of a closed Mcache");
        java.lang.ref.Reference.reachabilityFence(c);
    }

    /** Leaves one buffer in the calling thread's cache of {@code c}. */
    private static java.lang.ref.WeakReference<ByteBuffer> mallocAndFree(Mcache c) {
        ByteBuffer b = c.malloc(1000);
        c.free(b);
        return new java.lang.ref.WeakReference<>(b);
    }

    @Test
    void theDefaultCacheRefusesClose() {
        assertThrows(IllegalStateException.class, () -> Mcache.defaultCache().close());
        ByteBuffer b = Mcache.defaultCache().malloc(10);
        Mcache.defaultCache().free(b);
        Leaks.assertNone(Mcache.defaultCache());
    }

    @Test
    void builderRefusesNegativeSizes() {
        assertThrows(IllegalArgumentException.class, () -> Mcache.builder().slabSize(-1));
        assertThrows(IllegalArgumentException.class, () -> Mcache.builder().maxSizeClass(-1));
        assertThrows(IllegalArgumentException.class, () -> Mcache.builder().threadCacheBytes(-1));
    }

    @Test
    void uncachedLargeClassesStillPool() {
        try (Mcache c = Mcache.builder().threadCacheBytes(4096).build()) {
            ByteBuffer b = c.malloc(512 << 10);
            c.free(b);
            assertSame(b, c.malloc(512 << 10));
            c.free(b);
            Leaks.assertNone(c);
        }
    }
}
