package netpoll.benchmarks.soak;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The faults the soak injects, one at a time, in turn: the fault suite's bad peers at a size a
 * long run can repeat every second.
 */
final class Faults {

    private static final int SLOW_PEERS = 20;
    private static final long SLOW_HOLD_MILLIS = 500;
    private static final int RESETS = 10;
    private static final int RESET_RESPONSE = 256 << 10;
    private static final int SMALL_RECEIVE_BUFFER = 4096;
    private static final int GARBAGE_PEERS = 10;
    private static final int MAX_GARBAGE = 2048;
    private static final int PUSH_BYTES = 2 << 20;
    /** 8 MiB of requests: far more answers than the socket buffers hold. */
    private static final int STOP_READING_REQUESTS = 128;
    private static final int STOP_READING_CHUNK = 64 << 10;
    private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final int HALF_CLOSE_REQUESTS = 3;
    private static final int SMALL_PAYLOAD = 100;

    private final InetSocketAddress address;
    private final Random random = new Random(1);
    private int next;

    Faults(InetSocketAddress address) {
        this.address = address;
    }

    /** Injects the next fault; failures of the bad peers themselves are expected and ignored. */
    void injectNext() throws InterruptedException {
        try {
            switch (next++ % 6) {
                case 0 -> slowPeers();
                case 1 -> resetsMidResponse();
                case 2 -> garbage();
                case 3 -> hugeHeader();
                case 4 -> stopReading();
                default -> halfClose();
            }
        } catch (IOException expected) {
            // a bad peer meeting the server's defences: what the fault is for
        }
    }

    /** Peers that send a header and one byte, hold, then leave. */
    private void slowPeers() throws IOException, InterruptedException {
        List<SocketChannel> slow = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_PEERS; i++) {
                SocketChannel ch = Wire.connect(address);
                slow.add(ch);
                Wire.writeFully(ch, ByteBuffer.allocate(Integer.BYTES + 1).putInt(SMALL_PAYLOAD).put((byte) 1).flip());
            }
            Thread.sleep(SLOW_HOLD_MILLIS);
        } finally {
            for (SocketChannel ch : slow) {
                ch.close();
            }
        }
    }

    private void resetsMidResponse() throws IOException {
        byte[] request = new byte[RESET_RESPONSE];
        for (int i = 0; i < RESETS; i++) {
            try (SocketChannel ch = SocketChannel.open()) {
                ch.setOption(StandardSocketOptions.SO_RCVBUF, SMALL_RECEIVE_BUFFER);
                ch.connect(address);
                Wire.writeFully(ch, Wire.frame(request));
                Wire.readFully(ch, ByteBuffer.allocate(Integer.BYTES));
                Wire.reset(ch);
            }
        }
    }

    private void garbage() throws IOException {
        for (int i = 0; i < GARBAGE_PEERS; i++) {
            byte[] junk = new byte[1 + random.nextInt(MAX_GARBAGE)];
            random.nextBytes(junk);
            try (SocketChannel ch = Wire.connect(address)) {
                Wire.writeFully(ch, ByteBuffer.wrap(junk));
            }
        }
    }

    /** A 2 GiB length header, then bytes the server must refuse. */
    private void hugeHeader() throws IOException {
        try (SocketChannel ch = Wire.connect(address)) {
            Wire.writeFully(ch, ByteBuffer.allocate(Integer.BYTES).putInt(Integer.MAX_VALUE).flip());
            ch.configureBlocking(false);
            ByteBuffer chunk = ByteBuffer.allocate(SMALL_RECEIVE_BUFFER);
            long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
            for (long pushed = 0; pushed < PUSH_BYTES && System.nanoTime() < deadline; ) {
                chunk.clear();
                pushed += ch.write(chunk);
                if (ch.read(ByteBuffer.allocate(1)) < 0) {
                    return;
                }
            }
        }
    }

    /** Requests whose answers are never read: the server's write timeout closes the connection. */
    private void stopReading() throws IOException, InterruptedException {
        try (SocketChannel ch = SocketChannel.open()) {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, SMALL_RECEIVE_BUFFER);
            ch.connect(address);
            ch.configureBlocking(false);
            // each chunk is one whole request, from one small heap buffer (the JDK's cached direct
            // copy of it stays small)
            ByteBuffer request = ByteBuffer.allocate(STOP_READING_CHUNK);
            long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
            for (int i = 0; i < STOP_READING_REQUESTS && System.nanoTime() < deadline; i++) {
                request.clear();
                request.putInt(0, STOP_READING_CHUNK - Integer.BYTES);
                while (request.hasRemaining() && System.nanoTime() < deadline) {
                    if (ch.write(request) == 0) {
                        Thread.sleep(1);
                    }
                }
            }
            Thread.sleep(SoakServer.WRITE_TIMEOUT.toMillis() * 2);
        }
    }

    private void halfClose() throws IOException {
        try (SocketChannel ch = Wire.connect(address)) {
            byte[] p = new byte[SMALL_PAYLOAD];
            random.nextBytes(p);
            for (int i = 0; i < HALF_CLOSE_REQUESTS; i++) {
                Wire.writeFully(ch, Wire.frame(p));
            }
            ch.shutdownOutput();
            for (int i = 0; i < HALF_CLOSE_REQUESTS; i++) {
                ByteBuffer answer = ByteBuffer.allocate(Integer.BYTES + SMALL_PAYLOAD);
                Wire.readFully(ch, answer);
            }
        }
    }
}
