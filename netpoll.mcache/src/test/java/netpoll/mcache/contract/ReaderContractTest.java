package netpoll.mcache.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import netpoll.api.Reader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Reader} contract, for every implementation: subclass it and provide a fixture.
 * Bytes fed may arrive asynchronously (as on a socket), so the tests read (which blocks on a
 * connection) before they look at {@code length()}, and never assume a read returns at once
 * unless the bytes were fed before.
 */
public abstract class ReaderContractTest {

    /** A reader fed by {@link #feed}: bytes fed become readable (possibly asynchronously). */
    @SuppressWarnings("try") // a fixture may join threads when it closes
    public interface ReaderFixture extends AutoCloseable {
        /** @return the reader under test */
        Reader reader();

        /**
         * Appends bytes to what the reader will see.
         *
         * @param bytes the bytes
         * @throws Exception when feeding fails
         */
        void feed(byte[] bytes) throws Exception;

        /**
         * No more bytes will come (the peer shut its output down); a no-op for a standalone buffer.
         *
         * @throws Exception when it fails
         */
        void endOfStream() throws Exception;
    }

    /**
     * @return a new fixture; closed after each test
     * @throws Exception when it cannot be made
     */
    protected abstract ReaderFixture newFixture() throws Exception;

    private ReaderFixture fixture;
    private Reader reader;

    @BeforeEach
    final void openFixture() throws Exception {
        fixture = newFixture();
        reader = fixture.reader();
    }

    @AfterEach
    final void closeFixture() throws Exception {
        fixture.close();
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    private static byte[] contents(ByteBuffer view) {
        byte[] b = new byte[view.remaining()];
        view.duplicate().get(b);
        return b;
    }

    @Test
    public void nextReturnsExactlyTheRequestedBytesAtPositionZero() throws Exception {
        byte[] data = bytes(100, 1);
        fixture.feed(data);
        ByteBuffer view = reader.next(40);
        assertEquals(0, view.position());
        assertEquals(40, view.limit());
        assertArrayEquals(Arrays.copyOf(data, 40), contents(view));
        assertArrayEquals(Arrays.copyOfRange(data, 40, 100), contents(reader.next(60)));
        reader.release();
    }

    @Test
    public void severalViewsStayValidUntilRelease() throws Exception {
        byte[] data = bytes(300, 2);
        fixture.feed(data);
        ByteBuffer a = reader.next(100);
        ByteBuffer b = reader.peek(100);
        ByteBuffer c = reader.next(100);
        ByteBuffer d = reader.next(100);
        assertNotSame(a, c);
        a.position(50);
        assertArrayEquals(Arrays.copyOfRange(data, 0, 100), contents(a.rewind()));
        assertArrayEquals(Arrays.copyOfRange(data, 100, 200), contents(b));
        assertArrayEquals(Arrays.copyOfRange(data, 100, 200), contents(c));
        assertArrayEquals(Arrays.copyOfRange(data, 200, 300), contents(d));
        reader.release();
    }

    @Test
    public void readsSpanningManyFeedsSeeTheBytesInOrder() throws Exception {
        byte[] data = bytes(10_000, 3);
        for (int off = 0; off < data.length; off += 777) {
            fixture.feed(Arrays.copyOfRange(data, off, Math.min(data.length, off + 777)));
        }
        assertArrayEquals(Arrays.copyOf(data, 5000), contents(reader.next(5000)));
        assertArrayEquals(Arrays.copyOfRange(data, 5000, 10_000), reader.readBinary(5000));
        reader.release();
    }

    @Test
    public void peekDoesNotConsume() throws Exception {
        fixture.feed(bytes(10, 4));
        ByteBuffer peeked = reader.peek(10);
        assertArrayEquals(bytes(10, 4), contents(peeked));
        assertArrayEquals(bytes(10, 4), reader.readBinary(10));
        reader.release();
    }

    @Test
    public void skipConsumesWithoutReturning() throws Exception {
        byte[] data = bytes(20, 5);
        fixture.feed(data);
        reader.skip(15);
        assertArrayEquals(Arrays.copyOfRange(data, 15, 20), reader.readBinary(5));
        reader.release();
    }

    @Test
    public void untilIncludesTheDelimiter() throws Exception {
        fixture.feed("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer line = reader.until((byte) '\n');
        assertEquals("GET / HTTP/1.1\r\n", StandardCharsets.US_ASCII.decode(line).toString());
        assertEquals("Host: x\r\n", StandardCharsets.US_ASCII.decode(reader.until((byte) '\n')).toString());
        reader.release();
    }

    @Test
    public void readStringDecodesUtf8AndTheGivenCharset() throws Exception {
        byte[] utf8 = "héllo wörld".getBytes(StandardCharsets.UTF_8);
        byte[] latin = "café".getBytes(StandardCharsets.ISO_8859_1);
        fixture.feed(utf8);
        fixture.feed(latin);
        assertEquals("héllo wörld", reader.readString(utf8.length));
        assertEquals("café", reader.readString(latin.length, StandardCharsets.ISO_8859_1));
        reader.release();
    }

    @Test
    public void readBinaryReturnsACopyThatOutlivesRelease() throws Exception {
        fixture.feed(bytes(64, 6));
        byte[] copy = reader.readBinary(64);
        reader.release();
        fixture.feed(bytes(64, 7));
        reader.readBinary(64);
        reader.release();
        assertArrayEquals(bytes(64, 6), copy);
    }

    @Test
    public void integersAreReadBigEndian() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(15);
        b.put((byte) -2).putShort((short) -12345).putInt(0x01020304).putLong(-0x0102030405060708L);
        fixture.feed(b.array());
        assertEquals(-2, reader.readByte());
        assertEquals(-12345, reader.readShort());
        assertEquals(0x01020304, reader.readInt());
        assertEquals(-0x0102030405060708L, reader.readLong());
        reader.release();
    }

    @Test
    public void integersSplitAcrossFeedsAreReassembled() throws Exception {
        byte[] data = ByteBuffer.allocate(14).putShort((short) 0x7f01).putInt(-7).putLong(Long.MIN_VALUE + 5).array();
        for (byte x : data) {
            fixture.feed(new byte[] {x});
        }
        assertEquals((short) 0x7f01, reader.readShort());
        assertEquals(-7, reader.readInt());
        assertEquals(Long.MIN_VALUE + 5, reader.readLong());
        reader.release();
    }

    @Test
    public void sliceIsAReaderOfExactlyNBytesThatSurvivesTheParentsRelease() throws Exception {
        byte[] data = bytes(200, 8);
        fixture.feed(data);
        reader.skip(10);
        Reader slice = reader.slice(150);
        assertArrayEquals(Arrays.copyOfRange(data, 160, 200), reader.readBinary(40));
        reader.release();
        assertEquals(150, slice.length());
        assertArrayEquals(Arrays.copyOfRange(data, 10, 110), contents(slice.next(100)));
        assertThrows(EOFException.class, () -> slice.next(51));
        assertArrayEquals(Arrays.copyOfRange(data, 110, 160), slice.readBinary(50));
        slice.release();
    }

    @Test
    public void zeroLengthReadsGiveEmptyResults() throws Exception {
        assertEquals(0, reader.next(0).remaining());
        assertEquals(0, reader.peek(0).remaining());
        assertEquals(0, reader.readBinary(0).length);
        assertEquals("", reader.readString(0));
        reader.skip(0);
        assertEquals(0, reader.slice(0).length());
    }

    @Test
    public void negativeLengthsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> reader.next(-1));
        assertThrows(IllegalArgumentException.class, () -> reader.peek(-1));
        assertThrows(IllegalArgumentException.class, () -> reader.skip(-1));
        assertThrows(IllegalArgumentException.class, () -> reader.readBinary(-1));
        assertThrows(IllegalArgumentException.class, () -> reader.readString(-1));
        assertThrows(IllegalArgumentException.class, () -> reader.slice(-1));
    }

    @Test
    public void aReadPastTheEndOfStreamThrowsEofAndConsumesNothing() throws Exception {
        fixture.feed(bytes(10, 9));
        fixture.endOfStream();
        assertThrows(EOFException.class, () -> reader.next(11));
        assertThrows(EOFException.class, () -> reader.readBinary(11));
        assertArrayEquals(bytes(10, 9), reader.readBinary(10));
        assertThrows(EOFException.class, () -> reader.readByte());
        reader.release();
    }

    @Test
    public void untilWithoutTheDelimiterAtEndOfStreamThrowsEof() throws Exception {
        fixture.feed("no newline".getBytes(StandardCharsets.US_ASCII));
        fixture.endOfStream();
        assertThrows(EOFException.class, () -> reader.until((byte) '\n'));
        assertEquals("no newline", reader.readString(10));
        reader.release();
    }

    @Test
    public void lengthCountsWhatIsReadableAndDropsAsBytesAreRead() throws Exception {
        fixture.feed(bytes(50, 10));
        reader.peek(50);
        assertTrue(reader.length() >= 50);
        reader.skip(20);
        assertEquals(30, reader.length());
        reader.skip(30);
        assertEquals(0, reader.length());
        reader.release();
    }

    @Test
    public void movingAViewsPositionDoesNotMoveTheReader() throws Exception {
        byte[] data = bytes(20, 11);
        fixture.feed(data);
        ByteBuffer v = reader.next(10);
        v.position(10);
        v.get(0);
        assertArrayEquals(Arrays.copyOfRange(data, 10, 20), reader.readBinary(10));
        reader.release();
    }
}
