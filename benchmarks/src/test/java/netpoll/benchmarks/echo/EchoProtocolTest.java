package netpoll.benchmarks.echo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EchoProtocolTest {

    @Test
    void encodeWritesABigEndianLengthThenThePayload() {
        byte[] frame = EchoProtocol.encode(new byte[] {7, 8, 9});
        assertArrayEquals(new byte[] {0, 0, 0, 3, 7, 8, 9}, frame);
    }

    @Test
    void lengthsAboveTwoFiftyFiveUseEveryHeaderByte() throws IOException {
        byte[] header = new byte[EchoProtocol.HEADER_BYTES];
        EchoProtocol.putLength(header, 0, 0x01_02_03);
        assertArrayEquals(new byte[] {0, 1, 2, 3}, header);
        assertEquals(0x01_02_03, EchoProtocol.getLength(header, 0));
    }

    @Test
    void framesWrittenToAStreamReadBackWhole() throws IOException {
        byte[] a = new byte[1024];
        byte[] b = new byte[] {42};
        Payloads.fill(a, 1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EchoProtocol.writeFrame(bytes, a);
        EchoProtocol.writeFrame(bytes, b);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        assertArrayEquals(a, EchoProtocol.readFrame(in));
        assertArrayEquals(b, EchoProtocol.readFrame(in));
        assertThrows(EOFException.class, () -> EchoProtocol.readFrame(in));
    }

    @Test
    void aTruncatedFrameIsAnEofNotAShortPayload() {
        byte[] frame = EchoProtocol.encode(new byte[16]);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(Arrays.copyOf(frame, 10)));
        assertThrows(EOFException.class, () -> EchoProtocol.readFrame(in));
    }

    @Test
    void negativeAndHugeLengthsAreProtocolErrors() {
        assertThrows(ProtocolException.class, () -> EchoProtocol.checkLength(-1));
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> EchoProtocol.checkLength(EchoProtocol.MAX_PAYLOAD_BYTES + 1));
        assertTrue(e.getMessage().contains(Integer.toString(EchoProtocol.MAX_PAYLOAD_BYTES + 1)));
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(new byte[] {-1, -1, -1, -1}));
        assertThrows(ProtocolException.class, () -> EchoProtocol.readFrame(in));
    }

    @Test
    void aPayloadChecksAgainstItsOwnIdAndSize() {
        byte[] p = new byte[1024];
        Payloads.fill(p, 12345);
        assertEquals(12345, Payloads.idOf(p));
        assertNull(Payloads.check(p.clone(), 1024, 12345));
    }

    @Test
    void everyCorruptedByteIsCaught() {
        byte[] p = new byte[64];
        Payloads.fill(p, 99);
        for (int i = 0; i < p.length; i++) {
            byte[] bad = p.clone();
            bad[i] ^= 1;
            assertNotNull(Payloads.check(bad, 64, 99), "flipped byte " + i + " went unnoticed");
        }
    }

    @Test
    void anotherRequestsEchoOrAWrongLengthIsCaught() {
        byte[] p = new byte[64];
        Payloads.fill(p, 5);
        assertTrue(Payloads.check(p, 64, 6).contains("request id 5"));
        assertTrue(Payloads.check(Arrays.copyOf(p, 63), 64, 5).contains("63 bytes"));
    }

    @Test
    void payloadsOfNeighbouringIdsDifferBeyondTheId() {
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        Payloads.fill(a, 1);
        Payloads.fill(b, 2);
        assertTrue(!Arrays.equals(a, Long.BYTES, 32, b, Long.BYTES, 32));
    }

    @Test
    void sizesTooSmallForTheIdAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Payloads.checkSize(Payloads.MIN_BYTES - 1));
        assertEquals(Payloads.MIN_BYTES, Payloads.checkSize(Payloads.MIN_BYTES));
    }
}
