package netpoll.mcache.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import netpoll.api.Writer;
import netpoll.mcache.LinkBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Writer} contract, for every implementation: subclass it and provide a fixture that
 * shows what the other side received after {@code flush()}.
 */
public abstract class WriterContractTest {

    /** A writer whose flushed bytes can be read back. */
    @SuppressWarnings("try") // a fixture may join threads when it closes
    public interface WriterFixture extends AutoCloseable {
        /** @return the writer under test */
        Writer writer();

        /**
         * The next {@code n} bytes the other side received after flush (blocks up to a few
         * seconds).
         *
         * @param n how many bytes
         * @return exactly {@code n} bytes
         * @throws Exception when they do not arrive
         */
        byte[] readFlushed(int n) throws Exception;
    }

    /**
     * @return a new fixture; closed after each test
     * @throws Exception when it cannot be made
     */
    protected abstract WriterFixture newFixture() throws Exception;

    private WriterFixture fixture;
    private Writer writer;

    @BeforeEach
    final void openFixture() throws Exception {
        fixture = newFixture();
        writer = fixture.writer();
    }

    @AfterEach
    final void closeFixture() throws Exception {
        fixture.close();
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 17 + seed);
        }
        return b;
    }

    @Test
    public void flushDeliversStagedBytesInOrder() throws Exception {
        writer.writeBinary(bytes(10, 1));
        writer.writeBinary(ByteBuffer.wrap(bytes(20, 2)));
        writer.writeByte((byte) 7);
        writer.flush();
        assertArrayEquals(bytes(10, 1), fixture.readFlushed(10));
        assertArrayEquals(bytes(20, 2), fixture.readFlushed(20));
        assertArrayEquals(new byte[] {7}, fixture.readFlushed(1));
    }

    @Test
    public void mallocLendsExactlyNBytesAndCommitsAllOfThemAtFlush() throws Exception {
        ByteBuffer b = writer.malloc(8);
        assertEquals(0, b.position());
        assertEquals(8, b.remaining());
        b.putInt(0x0A0B0C0D).putInt(0x01020304);
        b.position(3);
        assertEquals(8, writer.mallocLength());
        writer.flush();
        assertEquals(0, writer.mallocLength());
        assertArrayEquals(new byte[] {10, 11, 12, 13, 1, 2, 3, 4}, fixture.readFlushed(8));
    }

    @Test
    public void mallocAckKeepsOnlyTheFirstNStagedBytes() throws Exception {
        writer.writeBinary(bytes(5, 3));
        ByteBuffer b = writer.malloc(10);
        b.put(bytes(10, 4));
        writer.mallocAck(9);
        assertEquals(9, writer.mallocLength());
        writer.writeByte((byte) 99);
        writer.flush();
        assertArrayEquals(bytes(5, 3), fixture.readFlushed(5));
        assertArrayEquals(Arrays.copyOf(bytes(10, 4), 4), fixture.readFlushed(4));
        assertArrayEquals(new byte[] {99}, fixture.readFlushed(1));
        assertThrows(IllegalArgumentException.class, () -> writer.mallocAck(1));
        assertThrows(IllegalArgumentException.class, () -> writer.mallocAck(-1));
    }

    @Test
    public void writeStringEncodesAndReturnsTheByteCount() throws Exception {
        assertEquals(6, writer.writeString("héllo"));
        assertEquals(4, writer.writeString("café", StandardCharsets.ISO_8859_1));
        writer.flush();
        assertEquals("héllo", new String(fixture.readFlushed(6), StandardCharsets.UTF_8));
        assertEquals("café", new String(fixture.readFlushed(4), StandardCharsets.ISO_8859_1));
    }

    @Test
    public void largeAndDirectSourcesArriveIntact() throws Exception {
        byte[] big = bytes(100_000, 5);
        ByteBuffer direct = ByteBuffer.allocateDirect(20_000);
        direct.put(bytes(20_000, 6)).flip();
        assertEquals(big.length, writer.writeBinary(big));
        assertEquals(20_000, writer.writeBinary(direct));
        assertEquals(0, direct.remaining(), "the source's position moves to its limit");
        writer.flush();
        assertArrayEquals(big, fixture.readFlushed(big.length));
        assertArrayEquals(bytes(20_000, 6), fixture.readFlushed(20_000));
    }

    @Test
    public void integersAreWrittenBigEndian() throws Exception {
        writer.writeShort((short) -2);
        writer.writeInt(0x01020304);
        writer.writeLong(0x1112131415161718L);
        writer.flush();
        ByteBuffer got = ByteBuffer.wrap(fixture.readFlushed(14));
        assertEquals(-2, got.getShort());
        assertEquals(0x01020304, got.getInt());
        assertEquals(0x1112131415161718L, got.getLong());
    }

    @Test
    public void writeDirectInsertsBeforeTheLastRemainCapBytesOfTheMallocedRegion() throws Exception {
        ByteBuffer region = writer.malloc(6);
        ByteBuffer inserted = ByteBuffer.allocateDirect(3);
        inserted.put(new byte[] {'x', 'y', 'z'}).flip();
        writer.writeDirect(inserted, 2);
        assertEquals(0, inserted.remaining());
        region.put(new byte[] {'a', 'b', 'c', 'd', 'e', 'f'});
        assertEquals(9, writer.mallocLength());
        writer.flush();
        assertEquals("abcdxyzef", new String(fixture.readFlushed(9), StandardCharsets.US_ASCII));
    }

    @Test
    public void writeDirectRefusesARemainCapOutsideTheLastRegion() {
        writer.malloc(4);
        assertThrows(IllegalArgumentException.class, () -> writer.writeDirect(ByteBuffer.allocateDirect(1), 5));
        assertThrows(IllegalArgumentException.class, () -> writer.writeDirect(ByteBuffer.allocateDirect(1), -1));
        writer.mallocAck(0);
    }

    @Test
    public void appendSplicesALinkBuffersBytesInOrder() throws Exception {
        writer.writeBinary(bytes(3, 7));
        try (LinkBuffer other = new LinkBuffer()) {
            other.writeBinary(bytes(5000, 8));
            other.flush();
            other.writeBinary(bytes(4, 9));
            writer.append(other);
            assertEquals(0, other.length());
            assertEquals(0, other.mallocLength());
        }
        assertEquals(3 + 5000 + 4, writer.mallocLength());
        writer.flush();
        assertArrayEquals(bytes(3, 7), fixture.readFlushed(3));
        assertArrayEquals(bytes(5000, 8), fixture.readFlushed(5000));
        assertArrayEquals(bytes(4, 9), fixture.readFlushed(4));
    }

    @Test
    public void appendRefusesAForeignWriter() {
        Writer foreign = java.lang.reflect.Proxy.newProxyInstance(Writer.class.getClassLoader(),
                new Class<?>[] {Writer.class}, (p, m, a) -> null) instanceof Writer w ? w : null;
        assertThrows(IllegalArgumentException.class, () -> writer.append(foreign));
    }

    @Test
    public void zeroLengthsStageNothingAndNegativeOnesAreRefused() throws Exception {
        assertEquals(0, writer.malloc(0).remaining());
        assertEquals(0, writer.writeBinary(new byte[0]));
        assertEquals(0, writer.writeString(""));
        assertEquals(0, writer.mallocLength());
        assertThrows(IllegalArgumentException.class, () -> writer.malloc(-1));
        writer.flush();
        writer.writeByte((byte) 1);
        writer.flush();
        assertArrayEquals(new byte[] {1}, fixture.readFlushed(1));
    }

    @Test
    public void flushWithNothingStagedSendsNothing() throws Exception {
        writer.flush();
        writer.writeInt(5);
        writer.flush();
        assertArrayEquals(new byte[] {0, 0, 0, 5}, fixture.readFlushed(4));
    }
}
