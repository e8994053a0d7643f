package netpoll.nio.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import netpoll.api.Connection;
import netpoll.api.ConnectionClosedException;
import netpoll.api.EventLoopOptions;
import org.junit.jupiter.api.Test;

/** Heavy tests: thousands of connections, and closes racing reads and flushes. */
class StressTest {

    /** Descriptors the JVM and the transport need besides the sockets. */
    private static final long DESCRIPTOR_MARGIN = 512;
    private static final int CLIENT_THREADS = 8;
    private static final long PHASE_SECONDS = 60;

    /** Runs {@code task(i)} for i in [0, count) on {@code threads} threads; fails on the first error. */
    private static void parallel(int threads, int count, IndexTask task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            int per = (count + threads - 1) / threads;
            for (int t = 0; t < threads; t++) {
                int from = t * per;
                int to = Math.min(count, from + per);
                done.add(pool.submit(() -> {
                    for (int i = from; i < to; i++) {
                        task.run(i);
                    }
                    return null;
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PHASE_SECONDS);
            for (Future<?> d : done) {
                d.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(PHASE_SECONDS, TimeUnit.SECONDS);
        }
    }

    @FunctionalInterface
    private interface IndexTask {
        void run(int i) throws Exception;
    }

    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }

    @Test
    void fiveThousandConcurrentConnectionsEcho() throws Exception {
        int connections = 5_000;
        int rounds = 3;
        long needed = 2L * connections + DESCRIPTOR_MARGIN;
        long limit = Descriptors.softLimit();
        assumeTrue(limit >= needed, () -> "this test holds both ends of " + connections
                + " connections and needs " + needed + " descriptors, but the soft limit (ulimit -n) is "
                + (limit < 0 ? "unknown (no /proc/self/limits)" : limit)
                + "; run it with ulimit -n " + needed + " or more");
        try (TransportFixture f = new TransportFixture("fivek", 2)) {
            SocketAddress address = f.serve(Echo.HANDLER, EventLoopOptions.defaults()).address();
            Connection[] all = new Connection[connections];
            parallel(CLIENT_THREADS, connections,
                    i -> all[i] = f.transport.dialer().dialConnection(address, TransportFixture.WAIT));
            byte[][] sent = new byte[connections][];
            for (int round = 0; round < rounds; round++) {
                Random random = new Random(round);
                for (int i = 0; i < connections; i++) {
                    sent[i] = Echo.payload(random, 1 + random.nextInt(512));
                }
                // every connection has a request in flight before any answer is read
                parallel(CLIENT_THREADS, connections, i -> Echo.send(all[i], sent[i]));
                parallel(CLIENT_THREADS, connections, i -> assertArrayEquals(sent[i], Echo.receive(all[i]),
                        () -> "wrong echo on " + all[i]));
            }
            assertEquals(connections, Arrays.stream(all).filter(Connection::isActive).count(),
                    "connections lost during the echo rounds");
        }
    }

    /**
     * The exceptions a read or flush may throw when its connection is closed under it: what
     * {@link Connection#close()} and the peer's hang-up are documented to cause.
     */
    private static boolean isClosedError(Throwable t) {
        if (t instanceof ConnectionClosedException || t instanceof EOFException) {
            return true;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ClosedChannelException) {
                return true;
            }
        }
        return false;
    }

    /** One client connection with a writer thread and a reader thread that checks every echo. */
    private static final class Pair {
        final Connection conn;
        final Queue<byte[]> inFlight = new ConcurrentLinkedQueue<>();
        final Thread writer;
        final Thread reader;

        Pair(Connection conn, int frames, int maxPayload, long seed, List<Throwable> unexpected) {
            this.conn = conn;
            this.writer = new Thread(() -> guard(unexpected, () -> {
                Random random = new Random(seed);
                for (int i = 0; i < frames; i++) {
                    byte[] p = Echo.payload(random, 1 + random.nextInt(maxPayload));
                    inFlight.add(p);
                    Echo.send(conn, p);
                }
            }), "race-writer-" + seed);
            this.reader = new Thread(() -> guard(unexpected, () -> {
                for (int i = 0; i < frames; i++) {
                    byte[] got = Echo.receive(conn);
                    byte[] expected = inFlight.poll();
                    if (!Arrays.equals(expected, got)) {
                        throw new AssertionError(conn + ": echo " + i + " differs from what was sent ("
                                + got.length + " bytes, expected " + (expected == null ? "none" : expected.length) + ")");
                    }
                }
            }), "race-reader-" + seed);
        }

        void start() {
            writer.start();
            reader.start();
        }

        private static void guard(List<Throwable> unexpected, Body body) {
            try {
                body.run();
            } catch (Throwable t) {
                if (!isClosedError(t)) {
                    unexpected.add(t);
                }
            }
        }
    }

    @Test
    void closesRacingReadsAndFlushesFailOnlyWithClosedErrorsAndLeakNothing() throws Exception {
        int rounds = 4;
        int pairs = 48;
        int frames = 200;
        int maxPayload = 16 * 1024;
        long maxCloseDelayNanos = TimeUnit.MILLISECONDS.toNanos(4);
        List<Throwable> unexpected = new CopyOnWriteArrayList<>();
        try (TransportFixture f = new TransportFixture("race", 2)) {
            List<Connection> serverSide = new CopyOnWriteArrayList<>();
            EventLoopOptions<Object> options = EventLoopOptions.builder().onPrepare(c -> {
                serverSide.add(c);
                return null;
            }).build();
            SocketAddress address = f.serve(Echo.HANDLER, options).address();
            Random random = new Random(42);
            for (int round = 0; round < rounds; round++) {
                serverSide.clear();
                List<Pair> all = new ArrayList<>();
                for (int i = 0; i < pairs; i++) {
                    Connection c = f.transport.dialer().dialConnection(address, TransportFixture.WAIT);
                    all.add(new Pair(c, frames, maxPayload, round * 1000L + i, unexpected));
                }
                all.forEach(Pair::start);
                // close both sides in a random order at random moments while the pairs run
                List<Connection> targets = new ArrayList<>(serverSide);
                Collections.shuffle(targets, random);
                targets = new ArrayList<>(targets.subList(0, targets.size() / 2));
                for (Pair p : all) {
                    targets.add(p.conn);
                }
                Collections.shuffle(targets, random);
                for (Connection c : targets) {
                    LockSupport.parkNanos((long) (random.nextDouble() * maxCloseDelayNanos));
                    c.close();
                }
                awaitEnded(all);
            }
        }
        assertEquals(List.of(), unexpected.stream().map(StressTest::describe).collect(Collectors.toList()),
                "reads and flushes racing a close may only fail with the closed-connection errors");
    }

    private static void awaitEnded(List<Pair> all) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PHASE_SECONDS);
        for (Pair p : all) {
            for (Thread t : List.of(p.writer, p.reader)) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                if (t.isAlive()) {
                    Throwable where = new Throwable(t.getName() + " stack");
                    where.setStackTrace(t.getStackTrace());
                    all.forEach(x -> {
                        x.writer.interrupt();
                        x.reader.interrupt();
                    });
                    fail(t.getName() + " still runs " + PHASE_SECONDS + " s after its connection was closed", where);
                }
            }
        }
    }

    private static String describe(Throwable t) {
        StringBuilder s = new StringBuilder(t.toString());
        for (StackTraceElement e : t.getStackTrace()) {
            s.append("\n    at ").append(e);
        }
        return s.toString();
    }
}
