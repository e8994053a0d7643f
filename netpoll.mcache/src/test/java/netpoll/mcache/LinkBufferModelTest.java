package netpoll.mcache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Long random sequences of every Reader and Writer operation against a trivial model (two byte
 * arrays: readable and staged), across node boundaries and node sizes. Views taken since the last
 * release are checked again right before the release, so a view clobbered too early is caught.
 * A failure names its seed; rerun one seed with {@code -Dnetpoll.modelSeed=<seed>}.
 */
class LinkBufferModelTest {

    private static final int SEEDS = 120;
    private static final int OPS = 1500;
    private static final int[] NODE_SIZES = {64, 100, 256, 4096};

    /** The model: the bytes a reader may read, and the bytes staged for the next flush. */
    private static final class Model {
        byte[] readable = new byte[0];
        final ByteArrayOutputStream staged = new ByteArrayOutputStream();

        byte[] take(int n) {
            byte[] out = Arrays.copyOf(readable, n);
            readable = Arrays.copyOfRange(readable, n, readable.length);
            return out;
        }

        void flush() {
            byte[] s = staged.toByteArray();
            byte[] all = Arrays.copyOf(readable, readable.length + s.length);
            System.arraycopy(s, 0, all, readable.length, s.length);
            readable = all;
            staged.reset();
        }
    }

    /** A view handed out and the bytes it must still show until the next release. */
    private record HeldView(ByteBuffer view, byte[] expected) {
    }

    @Test
    void randomOperationSequencesMatchTheModel() throws Exception {
        String only = System.getProperty("netpoll.modelSeed");
        if (only != null) {
            run(Long.parseLong(only));
            return;
        }
        for (long seed = 1; seed <= SEEDS; seed++) {
            run(seed);
        }
    }

    private void run(long seed) throws Exception {
        try (Mcache cache = Mcache.builder().leakDetection(false).build()) {
            try {
                runOps(new SplittableRandom(seed), cache);
                Leaks.assertNone(cache);
            } catch (Throwable t) {
                throw new AssertionError("model test failed with seed " + seed
                        + " (rerun with -Dnetpoll.modelSeed=" + seed + ")", t);
            }
        }
    }

    private static byte[] randomBytes(SplittableRandom rnd, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) rnd.nextInt();
        }
        return b;
    }

    private static int size(SplittableRandom rnd) {
        int kind = rnd.nextInt(10);
        return kind < 6 ? rnd.nextInt(40) : kind < 9 ? rnd.nextInt(600) : rnd.nextInt(12_000);
    }

    private void runOps(SplittableRandom rnd, Mcache cache) throws Exception {
        int nodeSize = NODE_SIZES[rnd.nextInt(NODE_SIZES.length)];
        LinkBuffer buf = new LinkBuffer(cache, nodeSize);
        Model m = new Model();
        List<HeldView> views = new ArrayList<>();
        List<LinkBuffer> slices = new ArrayList<>();
        for (int op = 0; op < OPS; op++) {
            if (rnd.nextInt(3) == 0) {
                write(rnd, buf, m, cache);
            } else {
                read(rnd, buf, m, views, slices);
            }
            assertEquals(m.readable.length, buf.length(), "length");
            assertEquals(m.staged.size(), buf.mallocLength(), "mallocLength");
        }
        for (LinkBuffer s : slices) {
            s.close();
        }
        buf.close();
    }

    private void write(SplittableRandom rnd, LinkBuffer buf, Model m, Mcache cache) {
        int n = size(rnd);
        byte[] data = randomBytes(rnd, n);
        switch (rnd.nextInt(11)) {
            case 0 -> buf.writeBinary(data);
            case 1 -> buf.writeBinary(ByteBuffer.wrap(data));
            case 2 -> {
                ByteBuffer direct = ByteBuffer.allocateDirect(n);
                direct.put(data).flip();
                buf.writeBinary(direct);
            }
            case 3 -> buf.malloc(n).put(data);
            case 4 -> {
                data = new byte[] {(byte) n};
                buf.writeByte(data[0]);
            }
            case 5 -> {
                data = ByteBuffer.allocate(14).putShort((short) n).putInt(n * 7).putLong(-n).array();
                buf.writeShort((short) n);
                buf.writeInt(n * 7);
                buf.writeLong(-n);
            }
            case 6 -> {
                int keep = m.staged.size() == 0 ? 0 : rnd.nextInt(m.staged.size() + 1);
                byte[] s = m.staged.toByteArray();
                buf.mallocAck(keep);
                m.staged.reset();
                m.staged.write(s, 0, keep);
                data = new byte[0];
            }
            case 7 -> {
                int tail = n == 0 ? 0 : rnd.nextInt(n + 1);
                byte[] extra = randomBytes(rnd, size(rnd));
                ByteBuffer region = buf.malloc(n);
                ByteBuffer src = rnd.nextBoolean() ? ByteBuffer.allocateDirect(extra.length) : ByteBuffer.allocate(extra.length);
                src.put(extra).flip();
                buf.writeDirect(src, n == 0 ? 0 : tail);
                region.put(data);
                byte[] combined = new byte[n + extra.length];
                System.arraycopy(data, 0, combined, 0, n - tail);
                System.arraycopy(extra, 0, combined, n - tail, extra.length);
                System.arraycopy(data, n - tail, combined, n - tail + extra.length, tail);
                data = combined;
            }
            case 8 -> {
                try (LinkBuffer other = new LinkBuffer(cache, NODE_SIZES[rnd.nextInt(NODE_SIZES.length)])) {
                    int split = rnd.nextInt(n + 1);
                    other.writeBinary(Arrays.copyOf(data, split));
                    other.flush();
                    other.writeBinary(Arrays.copyOfRange(data, split, n));
                    buf.append(other);
                }
            }
            case 9 -> {
                String s = new String(data, StandardCharsets.ISO_8859_1);
                buf.writeString(s, StandardCharsets.ISO_8859_1);
            }
            default -> {
                buf.flush();
                m.flush();
                data = new byte[0];
            }
        }
        m.staged.write(data, 0, data.length);
    }

    private void read(SplittableRandom rnd, LinkBuffer buf, Model m, List<HeldView> views, List<LinkBuffer> slices)
            throws Exception {
        int n = rnd.nextInt(4) == 0 ? rnd.nextInt(m.readable.length + 1) : size(rnd);
        if (n > m.readable.length) {
            int before = buf.length();
            assertThrows(EOFException.class, () -> buf.next(n));
            assertEquals(before, buf.length(), "a failed read consumes nothing");
            return;
        }
        switch (rnd.nextInt(10)) {
            case 0 -> {
                byte[] expected = m.take(n);
                ByteBuffer v = buf.next(n);
                views.add(new HeldView(v, expected));
                assertArrayEquals(expected, bytes(v));
            }
            case 1 -> {
                byte[] expected = Arrays.copyOf(m.readable, n);
                ByteBuffer v = buf.peek(n);
                views.add(new HeldView(v, expected));
                assertArrayEquals(expected, bytes(v));
            }
            case 2 -> {
                m.take(n);
                buf.skip(n);
            }
            case 3 -> assertArrayEquals(m.take(n), buf.readBinary(n));
            case 4 -> readNumbers(buf, m);
            case 5 -> {
                byte delim = n < m.readable.length ? m.readable[n] : 0;
                int at = indexOf(m.readable, delim);
                if (at < 0) {
                    assertThrows(EOFException.class, () -> buf.until(delim));
                } else {
                    byte[] expected = m.take(at + 1);
                    ByteBuffer v = buf.until(delim);
                    views.add(new HeldView(v, expected));
                    assertArrayEquals(expected, bytes(v));
                }
            }
            case 6 -> {
                checkAndRelease(buf, views);
                LinkBuffer slice = buf.slice(n);
                byte[] expected = m.take(n);
                if (rnd.nextBoolean()) {
                    assertArrayEquals(expected, slice.readBinary(n));
                    slice.release();
                    slice.close();
                } else {
                    slices.add(slice);
                    assertEquals(n, slice.length());
                }
            }
            case 7 -> assertEquals(new String(m.take(n), StandardCharsets.ISO_8859_1),
                    buf.readString(n, StandardCharsets.ISO_8859_1));
            default -> checkAndRelease(buf, views);
        }
    }

    private static void readNumbers(LinkBuffer buf, Model m) throws Exception {
        if (m.readable.length >= Long.BYTES) {
            assertEquals(ByteBuffer.wrap(m.take(Long.BYTES)).getLong(), buf.readLong());
        } else if (m.readable.length >= Integer.BYTES) {
            assertEquals(ByteBuffer.wrap(m.take(Integer.BYTES)).getInt(), buf.readInt());
        } else if (m.readable.length >= Short.BYTES) {
            assertEquals(ByteBuffer.wrap(m.take(Short.BYTES)).getShort(), buf.readShort());
        } else if (m.readable.length >= 1) {
            assertEquals(m.take(1)[0], buf.readByte());
        }
    }

    private static void checkAndRelease(LinkBuffer buf, List<HeldView> views) {
        for (HeldView h : views) {
            assertArrayEquals(h.expected(), bytes(h.view().clear()), "a view changed before release");
        }
        views.clear();
        buf.release();
    }

    private static byte[] bytes(ByteBuffer v) {
        byte[] b = new byte[v.remaining()];
        v.duplicate().get(b);
        return b;
    }

    private static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
