package netpoll.mcache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * One writer thread and one reader thread on one buffer, as a poller and a worker use it: a stream
 * of frames (4-byte length, then bytes derived from the frame number) written with every kind of
 * write and read back with every kind of read, with releases that often leave the buffer idle (so
 * the reader gives the last node back while the writer may be staging).
 */
class LinkBufferConcurrencyTest {

    private static final long DEADLINE_SECONDS = 20;
    private static final int FRAMES = 60_000;

    private static byte frameByte(int frame, int i) {
        return (byte) (frame * 7 + i * 31);
    }

    /** A thread whose failure is kept for the test thread. */
    private static Thread start(String name, AtomicReference<Throwable> failure, ThrowingRunnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static void join(Thread t, long deadlineNanos) throws InterruptedException {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
        if (t.isAlive()) {
            t.interrupt();
            t.join(1000);
        }
        assertFalse(t.isAlive(), t.getName() + " did not finish before the deadline");
    }

    private static boolean late(long deadline) {
        return System.nanoTime() - deadline > 0;
    }

    private static void writeFrame(LinkBuffer buf, SplittableRandom rnd, int frame) {
        int len = rnd.nextInt(10) == 0 ? rnd.nextInt(9000) : rnd.nextInt(300);
        byte[] payload = new byte[len];
        for (int i = 0; i < len; i++) {
            payload[i] = frameByte(frame, i);
        }
        buf.writeInt(len);
        switch (rnd.nextInt(4)) {
            case 0 -> buf.writeBinary(payload);
            case 1 -> buf.malloc(len).put(payload);
            case 2 -> {
                ByteBuffer direct = ByteBuffer.allocateDirect(len);
                direct.put(payload).flip();
                buf.writeBinary(direct);
            }
            default -> {
                int half = len / 2;
                buf.writeBinary(java.util.Arrays.copyOf(payload, half));
                buf.writeBinary(ByteBuffer.wrap(payload, half, len - half));
            }
        }
    }

    /** Reads one frame, waiting (bounded) for its bytes; returns false when the deadline passed. */
    private static boolean readFrame(LinkBuffer buf, SplittableRandom rnd, int frame, long deadline) throws IOException {
        while (buf.length() < Integer.BYTES) {
            if (late(deadline)) {
                return false;
            }
            Thread.onSpinWait();
        }
        int len = buf.peek(Integer.BYTES).getInt(0);
        while (buf.length() < Integer.BYTES + len) {
            if (late(deadline)) {
                return false;
            }
            Thread.onSpinWait();
        }
        assertTrue(buf.length() >= len + Integer.BYTES, "length never shrinks under the reader");
        assertEquals(len, buf.readInt(), "frame " + frame);
        byte[] got;
        switch (rnd.nextInt(4)) {
            case 0 -> {
                ByteBuffer v = buf.next(len);
                got = new byte[len];
                v.get(got);
            }
            case 1 -> got = buf.readBinary(len);
            case 2 -> {
                LinkBuffer slice = buf.slice(len);
                got = slice.readBinary(len);
                slice.release();
                slice.close();
            }
            default -> {
                got = new byte[len];
                for (int i = 0; i < len; i++) {
                    got[i] = buf.readByte();
                }
            }
        }
        for (int i = 0; i < len; i++) {
            if (got[i] != frameByte(frame, i)) {
                throw new AssertionError("frame " + frame + " byte " + i + " of " + len + " is " + got[i]);
            }
        }
        if (rnd.nextInt(3) > 0) {
            buf.release();
        }
        return true;
    }

    @Test
    void aWriterAndAReaderOnTwoThreadsSeeEveryFrameIntact() throws Exception {
        try (Mcache cache = Mcache.builder().leakDetection(false).build();
                LinkBuffer buf = new LinkBuffer(cache, 512)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            int[] read = {0};
            Thread writer = start("writer", failure, () -> {
                SplittableRandom rnd = new SplittableRandom(1);
                for (int f = 0; f < FRAMES && failure.get() == null && !late(deadline); f++) {
                    writeFrame(buf, rnd, f);
                    if (rnd.nextInt(3) > 0) {
                        buf.flush();
                    }
                    while (buf.length() > 1 << 20 && !late(deadline)) {
                        Thread.onSpinWait();
                    }
                }
                buf.flush();
            });
            Thread reader = start("reader", failure, () -> {
                SplittableRandom rnd = new SplittableRandom(2);
                for (int f = 0; f < FRAMES && failure.get() == null; f++) {
                    if (!readFrame(buf, rnd, f, deadline)) {
                        return;
                    }
                    read[0] = f + 1;
                }
                buf.release();
            });
            join(writer, deadline + TimeUnit.SECONDS.toNanos(2));
            join(reader, deadline + TimeUnit.SECONDS.toNanos(2));
            if (failure.get() != null) {
                throw new AssertionError("a thread failed", failure.get());
            }
            assertEquals(FRAMES, read[0], "frames read before the deadline");
            assertEquals(0, buf.length());
            assertEquals(0, cache.outstandingBuffers(), cache.leakReport());
        }
    }

    @Test
    void aPollerFillingWithReadFromAndAWorkerDrainingWithWriteToKeepTheStreamIntact() throws Exception {
        Pipe in = Pipe.open();
        Pipe out = Pipe.open();
        try (Mcache cache = Mcache.builder().leakDetection(false).build();
                LinkBuffer input = new LinkBuffer(cache); LinkBuffer output = new LinkBuffer(cache);
                Pipe.SinkChannel peerOut = in.sink(); Pipe.SourceChannel pollerIn = in.source();
                Pipe.SinkChannel workerOut = out.sink(); Pipe.SourceChannel peerIn = out.source()) {
            long total = 8L << 20;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread peerWriter = start("peer-writer", failure, () -> {
                ByteBuffer chunk = ByteBuffer.allocateDirect(7000);
                for (long sent = 0; sent < total && !late(deadline); ) {
                    chunk.clear();
                    int n = (int) Math.min(chunk.capacity(), total - sent);
                    for (int i = 0; i < n; i++) {
                        chunk.put((byte) (sent + i));
                    }
                    chunk.flip();
                    while (chunk.hasRemaining()) {
                        peerOut.write(chunk);
                    }
                    sent += n;
                }
                in.sink().close();
            });
            Thread poller = start("poller", failure, () -> {
                while (input.readFrom(pollerIn, 0) >= 0 && !late(deadline)) {
                    while (input.length() > 1 << 20 && !late(deadline)) {
                        Thread.onSpinWait();
                    }
                }
            });
            Thread worker = start("worker", failure, () -> {
                long moved = 0;
                SplittableRandom rnd = new SplittableRandom(3);
                while (moved < total && !late(deadline)) {
                    int n = Math.min(input.length(), rnd.nextInt(5000) + 1);
                    if (n == 0) {
                        Thread.onSpinWait();
                        continue;
                    }
                    if (rnd.nextBoolean()) {
                        output.writeBinary(input.next(n));
                    } else {
                        output.writeBinary(input.readBinary(n));
                    }
                    output.flush();
                    while (!output.isEmpty() && !late(deadline)) {
                        output.writeTo(workerOut);
                    }
                    input.release();
                    moved += n;
                }
                out.sink().close();
            });
            ByteBuffer got = ByteBuffer.allocate(65536);
            long received = 0;
            while (received < total && !late(deadline)) {
                got.clear();
                int n = peerIn.read(got);
                if (n < 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    if (got.get(i) != (byte) (received + i)) {
                        throw new AssertionError("byte " + (received + i) + " is " + got.get(i));
                    }
                }
                received += n;
            }
            join(peerWriter, deadline);
            join(poller, deadline);
            join(worker, deadline);
            if (failure.get() != null) {
                throw new AssertionError("a thread failed", failure.get());
            }
            assertEquals(total, received);
            // a release that raced the poller's last (empty) read keeps the idle buffer's node
            // until close, as documented; what must not happen is a node outliving the buffers
            input.close();
            output.close();
            assertEquals(0, cache.outstandingBuffers(), cache.leakReport());
        }
    }

    @Test
    void lengthFromAThirdThreadNeverExceedsWhatWasFlushed() throws Exception {
        try (Mcache cache = Mcache.builder().leakDetection(false).build();
                LinkBuffer buf = new LinkBuffer(cache, 128)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            long[] flushed = new long[1];
            java.util.concurrent.atomic.AtomicLong published = new java.util.concurrent.atomic.AtomicLong();
            Thread writer = start("writer", failure, () -> {
                for (int i = 0; i < 200_000 && !late(deadline); i++) {
                    buf.writeByte((byte) i);
                    published.incrementAndGet();
                    buf.flush();
                    flushed[0]++;
                    while (buf.length() > 10_000 && !late(deadline)) {
                        Thread.onSpinWait();
                    }
                }
            });
            Thread reader = start("reader", failure, () -> {
                byte expected = 0;
                while (!late(deadline) && (writer.isAlive() || buf.length() > 0)) {
                    if (buf.length() > 0) {
                        assertEquals(expected++, buf.readByte());
                        buf.release();
                    }
                }
            });
            while (writer.isAlive() && !late(deadline)) {
                int len = buf.length();
                assertTrue(len >= 0 && len <= published.get(), "length " + len);
            }
            join(writer, deadline + TimeUnit.SECONDS.toNanos(1));
            join(reader, deadline + TimeUnit.SECONDS.toNanos(1));
            if (failure.get() != null) {
                throw new AssertionError("a thread failed", failure.get());
            }
            buf.release();
            assertEquals(0, cache.outstandingBuffers(), cache.leakReport());
        }
    }
}
