package netpoll.faults;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Connections reset mid-frame (the server holds part of a request) and mid-response (the
 * server is writing a response the peer does not read, its flush waiting on a full socket).
 */
final class RstStorm {

    /** Big enough, with the peer's small receive buffer, that the server's flush must wait. */
    static final int RESPONSE_BYTES = 1 << 20;
    static final int SMALL_RECEIVE_BUFFER = 4096;
    static final int PARTIAL_REQUEST = 1000;
    private static final long STORM_LIMIT_SECONDS = 100;

    private RstStorm() {
    }

    /** Resets a connection after sending a header and part of the payload. */
    static void midFrame(ServerUnderTest server) throws IOException {
        SocketChannel ch = server.connect();
        Frames.writeFully(ch, ByteBuffer.allocate(Integer.BYTES + PARTIAL_REQUEST / 2)
                .putInt(PARTIAL_REQUEST).flip().limit(Integer.BYTES + PARTIAL_REQUEST / 2));
        Rst.reset(ch);
    }

    /** Resets a connection once the server has started to answer a large request. */
    static void midResponse(ServerUnderTest server, byte[] request) throws IOException {
        SocketChannel ch = SocketChannel.open();
        ch.setOption(StandardSocketOptions.SO_RCVBUF, SMALL_RECEIVE_BUFFER);
        ch.connect(server.address());
        Frames.writeFully(ch, Frames.frame(request));
        Frames.readFully(ch, ByteBuffer.allocate(Integer.BYTES));
        Rst.reset(ch);
    }

    /** Runs {@code count} resets, half of each kind, on {@code threads} threads; @return seconds taken */
    static double run(ServerUnderTest server, int count, int threads) throws Exception {
        byte[] request = new byte[RESPONSE_BYTES];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    for (int i = first; i < count; i += threads) {
                        if (i % 2 == 0) {
                            midFrame(server);
                        } else {
                            midResponse(server, request);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> d : done) {
                d.get(STORM_LIMIT_SECONDS, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(STORM_LIMIT_SECONDS, TimeUnit.SECONDS);
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
