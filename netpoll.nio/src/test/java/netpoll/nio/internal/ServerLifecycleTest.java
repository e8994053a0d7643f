package netpoll.nio.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import netpoll.api.Connection;
import netpoll.api.ConnectionClosedException;
import netpoll.api.EventLoop;
import netpoll.api.EventLoopOptions;
import netpoll.api.Listener;
import netpoll.api.Network;
import netpoll.api.Reader;
import netpoll.mcache.LinkBuffer;
import netpoll.mux.ShardQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerLifecycleTest {

    private static final long WAIT = TransportFixture.WAIT.toSeconds();

    @Test
    void shutdownClosesIdleConnectionsAndWaitsForRunningHandlers() throws Exception {
        CountDownLatch busyStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean busyFinished = new AtomicBoolean();
        try (TransportFixture f = new TransportFixture("shutdown")) {
            TransportFixture.Server s = f.serve((Object ctx, Connection c) -> {
                byte b = c.readByte();
                c.release();
                if (b == 'b') {
                    busyStarted.countDown();
                    release.await();
                    busyFinished.set(true);
                }
            }, EventLoopOptions.defaults());
            try (SocketChannel idle = SocketChannel.open(s.address());
                 SocketChannel busy = SocketChannel.open(s.address())) {
                busy.write(ByteBuffer.wrap(new byte[] {'b'}));
                assertTrue(busyStarted.await(WAIT, TimeUnit.SECONDS));
                Thread releaser = new Thread(() -> {
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    release.countDown();
                });
                releaser.start();
                assertTrue(s.loop.shutdown(TransportFixture.WAIT), "shutdown did not finish cleanly");
                assertTrue(busyFinished.get(), "shutdown returned before the running handler finished");
                assertEquals(-1, idle.read(ByteBuffer.allocate(1)), "idle connection closed");
                assertTrue(s.returned.await(WAIT, TimeUnit.SECONDS), "serve() returned");
                assertTrue(s.loop.shutdown(Duration.ZERO), "a second shutdown is harmless");
            }
        }
    }

    @Test
    void shutdownGivesUpOnAStuckHandlerAfterTheTimeout() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        try (TransportFixture f = new TransportFixture("stuck")) {
            TransportFixture.Server s = f.serve((Object ctx, Connection c) -> {
                c.skip(c.length());
                c.release();
                started.countDown();
                never.await(WAIT, TimeUnit.SECONDS);
            }, EventLoopOptions.defaults());
            try (SocketChannel peer = SocketChannel.open(s.address())) {
                peer.write(ByteBuffer.wrap(new byte[1]));
                assertTrue(started.await(WAIT, TimeUnit.SECONDS));
                long start = System.nanoTime();
                assertFalse(s.loop.shutdown(Duration.ofMillis(200)));
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
                assertEquals(-1, peer.read(ByteBuffer.allocate(1)), "its connection was closed");
            } finally {
                never.countDown();
            }
        }
    }

    @Test
    void serveTwiceIsRefused() throws Exception {
        try (TransportFixture f = new TransportFixture("twice")) {
            TransportFixture.Server s = f.serve(Echo.HANDLER, EventLoopOptions.defaults());
            Connection probe = f.dial(s.address());
            Echo.send(probe, new byte[] {1});
            assertArrayEquals(new byte[] {1}, Echo.receive(probe), "the first serve() is running");
            assertThrows(IllegalStateException.class, () -> s.loop.serve(s.listener));
        }
    }

    @Test
    void serveAfterShutdownClosesTheListenerItWasHanded(@TempDir Path dir) throws Exception {
        // the pattern of every server that serves on a thread of its own: shutdown may come first
        try (TransportFixture f = new TransportFixture("late")) {
            Path file = dir.resolve("late.sock");
            Listener listener = f.transport.createListener(Network.UNIX, Network.UNIX.resolve(file.toString()));
            EventLoop loop = f.transport.newEventLoop(Echo.HANDLER, EventLoopOptions.defaults());
            assertTrue(loop.shutdown(Duration.ZERO));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.serve(listener));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
            assertFalse(Files.exists(file), "the listener's socket file is still there");
            assertThrows(IOException.class, () -> SocketChannel.open(UnixDomainSocketAddress.of(file)).close());
        }
    }

    @Test
    void connectionsPastTheLimitAreClosedAtOnce() throws Exception {
        try (TransportFixture f = new TransportFixture("maxconn")) {
            TransportFixture.Server s = f.serve(Echo.HANDLER, EventLoopOptions.builder().maxConnections(2).build());
            Connection a = f.dial(s.address());
            Connection b = f.dial(s.address());
            Echo.send(a, new byte[] {1});
            Echo.send(b, new byte[] {2});
            assertArrayEquals(new byte[] {1}, Echo.receive(a));
            assertArrayEquals(new byte[] {2}, Echo.receive(b));
            try (SocketChannel third = SocketChannel.open(s.address())) {
                assertEquals(-1, third.read(ByteBuffer.allocate(1)), "the third connection was refused");
            }
        }
    }

    @Test
    void serialModeRunsHandlersOnThePollerThread() throws Exception {
        AtomicInteger onPoller = new AtomicInteger();
        try (TransportFixture f = new TransportFixture("serial")) {
            TransportFixture.Server s = f.serve((Object ctx, Connection c) -> {
                if (Thread.currentThread().getName().contains("-poller-")) {
                    onPoller.incrementAndGet();
                }
                while (c.length() >= 4) {
                    int n = c.peek(4).getInt(0);
                    if (c.length() < 4 + n) {
                        break;
                    }
                    c.skip(4);
                    ByteBuffer payload = c.next(n);
                    c.writeInt(n);
                    c.malloc(n).put(payload);
                }
                c.release();
                c.flush();
            }, EventLoopOptions.builder().serial(true).build());
            Connection client = f.dial(s.address());
            for (int i = 0; i < 20; i++) {
                byte[] p = Echo.payload(new java.util.Random(i), 100 + i * 500);
                Echo.send(client, p);
                assertArrayEquals(p, Echo.receive(client));
            }
            assertTrue(onPoller.get() > 0);
        }
    }

    @Test
    void aBlockingReadInSerialModeFailsInsteadOfStallingThePoller() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        try (TransportFixture f = new TransportFixture("serialblock")) {
            TransportFixture.Server s = f.serve((Object ctx, Connection c) -> {
                try {
                    c.next(c.length() + 1);
                } catch (IllegalStateException expected) {
                    failed.countDown();
                    throw expected;
                }
            }, EventLoopOptions.builder().serial(true).build());
            try (SocketChannel peer = SocketChannel.open(s.address())) {
                peer.write(ByteBuffer.wrap(new byte[1]));
                assertTrue(failed.await(WAIT, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void setOnRequestMakesADialedConnectionEventDriven() throws Exception {
        try (TransportFixture f = new TransportFixture("eventclient")) {
            TransportFixture.Server s = f.serve(Echo.HANDLER, EventLoopOptions.defaults());
            Connection c = f.dial(s.address());
            List<byte[]> answers = java.util.Collections.synchronizedList(new ArrayList<>());
            CountDownLatch three = new CountDownLatch(3);
            c.setOnRequest((String tag, Connection conn) -> {
                answers.add(Echo.receive(conn));
                three.countDown();
            }, "tag");
            for (int i = 0; i < 3; i++) {
                Echo.send(c, new byte[] {(byte) i});
            }
            assertTrue(three.await(WAIT, TimeUnit.SECONDS));
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(new byte[] {(byte) i}, answers.get(i));
            }
        }
    }

    @Test
    void aShardQueueRefusesAddsOnceItsConnectionIsClosed() throws Exception {
        try (TransportFixture f = new TransportFixture("mux-closed")) {
            TransportFixture.Server s = f.serve(Echo.HANDLER, EventLoopOptions.defaults());
            Connection c = f.dial(s.address());
            ShardQueue queue = new ShardQueue(c, 4);
            c.close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
            String refusal = "";
            while (!refusal.contains("the shard queue was closed") && System.nanoTime() - deadline < 0) {
                LinkBuffer frame = new LinkBuffer(f.mcache);
                frame.writeInt(0);
                try {
                    queue.add(frame);
                } catch (ConnectionClosedException e) {
                    frame.close(); // refused: still ours
                    refusal = e.getMessage();
                }
                Thread.sleep(10);
            }
            assertTrue(refusal.contains("the shard queue was closed"),
                    "the queue did not close with its connection; last refusal: " + refusal);
        }
    }

    @Test
    void shardQueueWritesEveryFrameWholeFromManyThreads() throws Exception {
        int threads = 8;
        int perThread = 500;
        try (TransportFixture f = new TransportFixture("mux")) {
            TransportFixture.Server s = f.serve(Echo.HANDLER, EventLoopOptions.defaults());
            Connection c = f.dial(s.address());
            ShardQueue queue = new ShardQueue(c, 4);
            List<Thread> producers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread p = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        LinkBuffer frame = new LinkBuffer(f.mcache);
                        frame.writeInt(8);
                        frame.writeInt(id);
                        frame.writeInt(i);
                        try {
                            queue.add(frame);
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                });
                producers.add(p);
                p.start();
            }
            int[] next = new int[threads];
            for (int k = 0; k < threads * perThread; k++) {
                assertEquals(8, c.readInt());
                int id = c.readInt();
                int seq = c.readInt();
                assertEquals(next[id]++, seq, "frames of producer " + id + " out of order");
                c.release();
            }
            for (Thread p : producers) {
                p.join(TimeUnit.SECONDS.toMillis(WAIT));
            }
            queue.close();
        }
    }

    @Test
    void sliceOfAConnectionOutlivesItsRelease() throws Exception {
        try (TransportFixture f = new TransportFixture("slice")) {
            TransportFixture.Server s = f.serve(Echo.HANDLER, EventLoopOptions.defaults());
            Connection c = f.dial(s.address());
            Echo.send(c, new byte[] {1, 2, 3, 4});
            assertEquals(4, c.readInt());
            Reader slice = c.slice(4);
            c.release();
            assertArrayEquals(new byte[] {1, 2, 3, 4}, slice.readBinary(4));
            slice.release();
            if (slice instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }
}
