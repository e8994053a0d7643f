package netpoll.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import netpoll.api.Connection;
import netpoll.api.EventLoop;
import netpoll.api.EventLoopOptions;
import netpoll.api.Listener;
import netpoll.api.Netpoll;
import netpoll.mcache.Mcache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The example echo server's handler, served through {@link Netpoll} (the default transport,
 * found by ServiceLoader on the class path) and checked byte for byte.
 */
class EchoServerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /**
     * Every buffer the connections of these tests took from the default cache went back (they are
     * freed on the poller threads after the close, so this waits up to {@link #WAIT}); leak
     * detection is on, so a leak is reported with the stack that allocated it.
     */
    @AfterAll
    static void everyBufferWentBack() {
        Mcache cache = Mcache.defaultCache();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (cache.outstandingBuffers() != 0 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        assertEquals(0, cache.outstandingBuffers(), cache::leakReport);
    }

    /** Serves the example's handler on a listener until closed. */
    private static final class Running implements AutoCloseable {
        final EventLoop loop = Netpoll.newEventLoop(EchoServer.handler(EventLoopOptions.DEFAULT_MAX_INPUT_BYTES));
        final Listener listener;
        final Thread thread;

        Running(String network, String address) throws IOException {
            listener = Netpoll.createListener(network, address);
            thread = new Thread(() -> {
                try {
                    loop.serve(listener);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, "example-echo-serve");
            thread.start();
        }

        Connection dial() throws IOException {
            return Netpoll.newDialer().dialConnection(listener.localAddress(), WAIT);
        }

        @Override
        public void close() throws InterruptedException {
            assertTrue(loop.shutdown(WAIT), "the example server shut down cleanly");
            thread.join(WAIT.toMillis());
        }
    }

    private static byte[] payload(Random random, int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        return b;
    }

    private static void send(Connection c, byte[] payload) throws IOException {
        c.writeInt(payload.length);
        c.writeBinary(payload);
        c.flush();
    }

    private static byte[] receive(Connection c) throws IOException {
        byte[] b = c.readBinary(c.readInt());
        c.release();
        return b;
    }

    @Test
    void answersAThousandConcurrentConnections() throws Exception {
        int connections = 1000;
        try (Running server = new Running("tcp", "127.0.0.1:0")) {
            List<Connection> all = new ArrayList<>();
            ExecutorService clients = Executors.newFixedThreadPool(16);
            try {
                for (int i = 0; i < connections; i++) {
                    all.add(server.dial());
                }
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < connections; i++) {
                    Connection c = all.get(i);
                    Random random = new Random(i);
                    done.add(clients.submit(() -> {
                        for (int round = 0; round < 3; round++) {
                            byte[] p = payload(random, 1 + random.nextInt(4096));
                            send(c, p);
                            assertArrayEquals(p, receive(c));
                        }
                        return null;
                    }));
                }
                for (Future<?> d : done) {
                    d.get(60, TimeUnit.SECONDS);
                }
            } finally {
                clients.shutdownNow();
                for (Connection c : all) {
                    c.close();
                }
            }
        }
    }

    @Test
    void answersPipelinedRequestsInOrder() throws Exception {
        try (Running server = new Running("tcp", "127.0.0.1:0")) {
            try (Connection c = server.dial()) {
                Random random = new Random(7);
                List<byte[]> sent = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    byte[] p = payload(random, random.nextInt(2048));
                    sent.add(p);
                    c.writeInt(p.length);
                    c.writeBinary(p);
                }
                c.flush();
                for (byte[] p : sent) {
                    assertArrayEquals(p, receive(c));
                }
            }
        }
    }

    @Test
    void answersOverAUnixDomainSocket() throws Exception {
        Path dir = Files.createTempDirectory("netpoll-example");
        Path socket = dir.resolve("echo.sock");
        try (Running server = new Running("unix", socket.toString())) {
            try (Connection c = server.dial()) {
                byte[] p = payload(new Random(9), 10_000);
                send(c, p);
                assertArrayEquals(p, receive(c));
                ByteBuffer nothing = ByteBuffer.allocate(0);
                assertEquals(0, c.read(nothing));
            }
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }
}
