package netpoll.faults;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Idle connections held open, and echoing clients working beside them. */
final class IdleConnections {

    private static final long LIMIT_SECONDS = 100;

    private IdleConnections() {
    }

    static List<SocketChannel> open(ServerUnderTest server, int n) throws IOException {
        List<SocketChannel> idle = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) {
                idle.add(server.connect());
            }
        } catch (IOException | RuntimeException e) {
            closeAll(idle);
            throw e;
        }
        return idle;
    }

    static void closeAll(List<SocketChannel> channels) throws IOException {
        for (SocketChannel ch : channels) {
            ch.close();
        }
    }

    /** {@code clients} threads each make {@code roundTrips} round trips on their own connection. */
    static Latency echo(ServerUnderTest server, int clients, int roundTrips) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        Latency all = new Latency(clients * roundTrips);
        try {
            List<Future<Latency>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                done.add(pool.submit(() -> SlowlorisTest.probe(server, roundTrips)));
            }
            for (Future<Latency> d : done) {
                d.get(LIMIT_SECONDS, TimeUnit.SECONDS).forEach(all::add);
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(LIMIT_SECONDS, TimeUnit.SECONDS);
        }
        return all;
    }
}
