package netpoll.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Connects and closes as fast as the client threads can, in four kinds taken in turn: close at
 * once, send a request then close without reading, a full round trip then close, reset at once.
 */
final class ConnectionStorm {

    static final int KINDS = 4;
    private static final byte[] REQUEST = {1, 2, 3, 4, 5, 6, 7, 8};
    private static final long LIMIT_SECONDS = 100;

    /**
     * @param seconds wall time of the storm
     * @param serverCpuNanos CPU the server's threads used for it
     */
    record Result(int connections, double seconds, long serverCpuNanos) {
        double perSecond() {
            return connections / seconds;
        }

        double perServerCpuSecond() {
            return connections / (serverCpuNanos / 1e9);
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%d connections in %.2f s: %.0f a second wall-clock;"
                    + " the server's threads used %.2f s of CPU, %.0f connections per CPU-second",
                    connections, seconds, perSecond(), serverCpuNanos / 1e9, perServerCpuSecond());
        }
    }

    private ConnectionStorm() {
    }

    static void one(ServerUnderTest server, int kind) throws IOException {
        SocketChannel ch = server.connect();
        switch (kind) {
            case 0 -> ch.close();
            case 1 -> {
                Frames.writeFully(ch, Frames.frame(REQUEST));
                ch.close();
            }
            case 2 -> {
                Frames.writeFully(ch, Frames.frame(REQUEST));
                assertArrayEquals(REQUEST, Frames.readFrame(ch));
                ch.close();
            }
            default -> Rst.reset(ch);
        }
    }

    static Result run(ServerUnderTest server, int count, int threads) throws Exception {
        ServerCpu cpu = new ServerCpu();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    for (int i = first; i < count; i += threads) {
                        one(server, i % KINDS);
                    }
                    return null;
                }));
            }
            for (Future<?> d : done) {
                d.get(LIMIT_SECONDS, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(LIMIT_SECONDS, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        server.awaitNoConnections();
        return new Result(count, seconds, cpu.usedNanos());
    }
}
