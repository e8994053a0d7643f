package netpoll.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import netpoll.api.OnRequest;
import netpoll.examples.EchoServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Handlers that throw, block past the read timeout, block without reading, or return without
 * consuming their input: only that connection is affected, and nothing spins.
 */
@Tag("fast")
class HandlerFaultsTest extends FaultTestBase {

    static final Duration READ_TIMEOUT = Duration.ofMillis(300);
    static final Duration STALL = Duration.ofSeconds(1);
    /** The first payload byte picks the fault; anything else is echoed. */
    static final byte THROW = 'T';
    static final byte STARVE = 'S';
    static final byte IGNORE = 'I';
    static final byte STALL_BYTE = 'B';
    static final byte ECHO = 'E';
    /** What a starving handler waits for: more than the peer sends, less than the input cap. */
    static final int STARVE_READ = 1000;
    static final int PROBES = 500;
    static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    /** CPU the server's threads may use in a quiet second with an ignored request pending. */
    static final long IDLE_CPU_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    static final Duration IDLE_WINDOW = Duration.ofSeconds(1);

    /** How many times the handler ran; written by workers. */
    static final AtomicInteger CALLS = new AtomicInteger();

    static final int MAX_INPUT_BYTES = 1 << 20;
    /** The example server's handler, for the requests that are not faults. */
    static final OnRequest<Object> EXAMPLE = EchoServer.handler(MAX_INPUT_BYTES);

    static final OnRequest<Object> FAULTY = (ctx, c) -> {
        CALLS.incrementAndGet();
        switch (c.peek(Integer.BYTES + 1).get(Integer.BYTES)) {
            case THROW -> throw new IllegalStateException("handler fault injected by the test");
            case STARVE -> {
                c.readInt();
                c.readBinary(STARVE_READ);
            }
            case IGNORE -> {
                // returns without consuming anything
            }
            case STALL_BYTE -> {
                LockSupport.parkNanos(STALL.toNanos());
                EXAMPLE.onRequest(ctx, c);
            }
            default -> EXAMPLE.onRequest(ctx, c);
        }
    };

    @Override
    ServerUnderTest.Settings settings() {
        CALLS.set(0);
        return ServerUnderTest.with().handler(FAULTY).readTimeout(READ_TIMEOUT).maxInputBytes(MAX_INPUT_BYTES);
    }

    private static ByteBuffer request(byte kind) {
        return ByteBuffer.allocate(Integer.BYTES + 2).putInt(2).put(kind).put((byte) 0).flip();
    }

    /** A normal client on its own connection, opened before the fault. */
    private Latency probe(SocketChannel normal) throws Exception {
        Latency latency = new Latency(PROBES);
        for (int i = 0; i < PROBES; i++) {
            long start = System.nanoTime();
            Frames.writeFully(normal, request(ECHO));
            byte[] got = Frames.readFrame(normal);
            latency.add(System.nanoTime() - start);
            assertArrayEquals(new byte[] {ECHO, 0}, got);
        }
        return latency;
    }

    private void faultClosesOnlyItsConnection(byte kind, String fault, String reason) throws Exception {
        Latency during;
        try (LogCapture log = new LogCapture(false); SocketChannel normal = server.connect();
             SocketChannel faulty = server.connect()) {
            probe(normal);
            Frames.writeFully(faulty, request(kind));
            during = probe(normal);
            assertTrue(GarbageAndHugeFramesTest.closedByServer(faulty), fault + ": its connection was not closed");
            assertTrue(log.awaitLogged(reason, 1, CLOSE_WAIT), fault + ": \"" + reason + "\" not logged:\n" + log.text());
        }
        Report.line("handler fault", "%s: its connection closed with \"%s\" logged; a normal client meanwhile: %s",
                fault, reason, during);
        assertRecovered("handler fault, " + fault);
    }

    @Test
    void aHandlerThatThrowsClosesOnlyItsConnection() throws Exception {
        faultClosesOnlyItsConnection(THROW, "handler throws", "handler fault injected by the test");
    }

    @Test
    void aHandlerBlockedInAReadPastTheReadTimeoutClosesOnlyItsConnection() throws Exception {
        faultClosesOnlyItsConnection(STARVE, "handler blocked past the read timeout", "ReadTimeoutException");
    }

    @Test
    void aHandlerThatBlocksWithoutReadingHoldsUpOnlyItsConnection() throws Exception {
        Latency during;
        try (SocketChannel normal = server.connect(); SocketChannel stalled = server.connect()) {
            probe(normal);
            Frames.writeFully(stalled, request(STALL_BYTE));
            long start = System.nanoTime();
            during = probe(normal);
            long probeNanos = System.nanoTime() - start;
            assertArrayEquals(new byte[] {STALL_BYTE, 0}, Frames.readFrame(stalled), "the stalled request's answer");
            assertTrue(probeNanos < STALL.toNanos(), "the normal client waited for the stalled handler");
        }
        Report.line("handler fault", "handler blocks %d ms without reading: a normal client meanwhile: %s; the"
                + " blocked request answered after", STALL.toMillis(), during);
        assertRecovered("handler fault, handler blocks without reading");
    }

    @Test
    void aHandlerThatConsumesNothingIsNotCalledAgainUntilMoreBytesArriveAndDoesNotSpin() throws Exception {
        long cpu;
        int callsWhileIdle;
        try (SocketChannel ignored = server.connect(); SocketChannel normal = server.connect()) {
            Frames.writeFully(ignored, request(IGNORE));
            probe(normal);
            int callsBefore = CALLS.get();
            ServerCpu serverCpu = new ServerCpu();
            Thread.sleep(IDLE_WINDOW.toMillis());
            cpu = serverCpu.usedNanos();
            callsWhileIdle = CALLS.get() - callsBefore;
            Frames.writeFully(ignored, ByteBuffer.wrap(new byte[] {1}));
            long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
            while (CALLS.get() == callsBefore + callsWhileIdle && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(CALLS.get() > callsBefore + callsWhileIdle, "more bytes did not call the handler again");
        }
        Report.line("handler fault", "handler consumes nothing: called %d times in a quiet %d ms, server threads used"
                + " %.1f ms of CPU; called again when a byte arrived", callsWhileIdle, IDLE_WINDOW.toMillis(), cpu / 1e6);
        assertEquals(0, callsWhileIdle, "the handler was called again without new bytes");
        assertTrue(cpu < IDLE_CPU_NANOS, "the server's threads used " + cpu / 1e6 + " ms of CPU in a quiet second");
        assertRecovered("handler fault, handler consumes nothing");
    }
}
