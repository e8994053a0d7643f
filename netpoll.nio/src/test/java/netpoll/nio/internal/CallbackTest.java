package netpoll.nio.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import netpoll.api.Connection;
import netpoll.api.EventLoopOptions;
import org.junit.jupiter.api.Test;

class CallbackTest {

    private static final long WAIT = TransportFixture.WAIT.toSeconds();

    @Test
    void callbacksRunInOrderPrepareConnectRequestThenCloseCallbacks() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch closed = new CountDownLatch(1);
        EventLoopOptions<String> options = EventLoopOptions.<String>builder()
                .onPrepare(c -> {
                    events.add("prepare");
                    c.addCloseCallback(x -> closed.countDown());
                    c.addCloseCallback(x -> events.add("close-first-added"));
                    c.addCloseCallback(x -> events.add("close-last-added"));
                    return "ctx";
                })
                .onConnect((ctx, c) -> {
                    events.add("connect:" + ctx);
                    return ctx + "2";
                })
                .build();
        try (TransportFixture f = new TransportFixture("order")) {
            TransportFixture.Server s = f.serve((String ctx, Connection c) -> {
                events.add("request:" + ctx);
                c.skip(c.length());
                c.release();
            }, options);
            try (SocketChannel peer = SocketChannel.open(s.address())) {
                peer.write(ByteBuffer.wrap(new byte[] {1}));
                awaitSize(events, 3);
            }
            assertTrue(closed.await(WAIT, TimeUnit.SECONDS));
            assertEquals(List.of("prepare", "connect:ctx", "request:ctx2", "close-last-added",
                    "close-first-added"), events.subList(0, 5));
        }
    }

    @Test
    void onlyOneOnRequestRunsAtATimeAndNoInputIsLeftUnseen() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicBoolean overlapped = new AtomicBoolean();
        AtomicInteger bytesSeen = new AtomicInteger();
        int total = 20_000;
        CountDownLatch all = new CountDownLatch(1);
        try (TransportFixture f = new TransportFixture("single")) {
            TransportFixture.Server s = f.serve((Object ctx, Connection c) -> {
                if (running.incrementAndGet() != 1) {
                    overlapped.set(true);
                }
                int n = c.length();
                c.skip(n);
                c.release();
                if (bytesSeen.addAndGet(n) == total) {
                    all.countDown();
                }
                running.decrementAndGet();
            }, EventLoopOptions.defaults());
            try (SocketChannel peer = SocketChannel.open(s.address())) {
                for (int i = 0; i < total / 10; i++) {
                    peer.write(ByteBuffer.wrap(new byte[10]));
                }
                assertTrue(all.await(WAIT, TimeUnit.SECONDS), "saw " + bytesSeen.get() + " of " + total);
            }
            assertFalse(overlapped.get(), "two OnRequest ran at once on one connection");
        }
    }

    @Test
    void onRequestRunsForBytesThatArrivedJustBeforeThePeerClosed() throws Exception {
        CountDownLatch handled = new CountDownLatch(1);
        try (TransportFixture f = new TransportFixture("lastbytes")) {
            TransportFixture.Server s = f.serve((Object ctx, Connection c) -> {
                if (c.readInt() == 42) {
                    handled.countDown();
                }
                c.release();
            }, EventLoopOptions.defaults());
            try (SocketChannel peer = SocketChannel.open(s.address())) {
                peer.write(ByteBuffer.allocate(4).putInt(42).flip());
            }
            assertTrue(handled.await(WAIT, TimeUnit.SECONDS));
        }
    }

    @Test
    void aHandlerThatConsumesNothingIsNotRunAgainUntilMoreBytesArrive() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch firstRun = new CountDownLatch(1);
        CountDownLatch whole = new CountDownLatch(1);
        try (TransportFixture f = new TransportFixture("nospin")) {
            TransportFixture.Server s = f.serve((Object ctx, Connection c) -> {
                runs.incrementAndGet();
                firstRun.countDown();
                if (c.length() >= 8) {
                    c.skip(8);
                    c.release();
                    whole.countDown();
                }
            }, EventLoopOptions.defaults());
            try (SocketChannel peer = SocketChannel.open(s.address())) {
                peer.write(ByteBuffer.wrap(new byte[4]));
                assertTrue(firstRun.await(WAIT, TimeUnit.SECONDS));
                long quiet = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
                while (System.nanoTime() < quiet) {
                    Thread.onSpinWait();
                }
                assertEquals(1, runs.get(), "the handler was re-run without new input");
                peer.write(ByteBuffer.wrap(new byte[4]));
                assertTrue(whole.await(WAIT, TimeUnit.SECONDS));
            }
            assertTrue(runs.get() <= 3, "runs: " + runs.get());
        }
    }

    @Test
    void onDisconnectRunsWhenThePeerHangsUpButNotOnALocalClose() throws Exception {
        CountDownLatch disconnected = new CountDownLatch(1);
        AtomicInteger disconnects = new AtomicInteger();
        CountDownLatch closedLocally = new CountDownLatch(1);
        EventLoopOptions<Object> options = EventLoopOptions.builder()
                .onDisconnect((ctx, c) -> {
                    disconnects.incrementAndGet();
                    disconnected.countDown();
                })
                .onPrepare(c -> {
                    c.addCloseCallback(x -> closedLocally.countDown());
                    return null;
                })
                .build();
        try (TransportFixture f = new TransportFixture("disconnect")) {
            TransportFixture.Server s = f.serve((Object ctx, Connection c) -> {
                if (c.readByte() == 'x') {
                    c.close();
                }
                c.release();
            }, options);
            try (SocketChannel peer = SocketChannel.open(s.address())) {
                peer.write(ByteBuffer.wrap(new byte[] {'x'}));
                assertTrue(closedLocally.await(WAIT, TimeUnit.SECONDS));
            }
            assertEquals(0, disconnects.get(), "OnDisconnect ran for a local close");
            try (SocketChannel peer = SocketChannel.open(s.address())) {
                peer.write(ByteBuffer.wrap(new byte[] {'y'}));
            }
            assertTrue(disconnected.await(WAIT, TimeUnit.SECONDS));
        }
    }

    @Test
    void closeCallbacksNeverOverlapARunningOnRequest() throws Exception {
        AtomicBoolean inHandler = new AtomicBoolean();
        AtomicBoolean overlapped = new AtomicBoolean();
        CountDownLatch handlerStarted = new CountDownLatch(1);
        CountDownLatch callbackRan = new CountDownLatch(1);
        EventLoopOptions<Object> options = EventLoopOptions.builder()
                .onPrepare(c -> {
                    c.addCloseCallback(x -> {
                        overlapped.set(inHandler.get());
                        callbackRan.countDown();
                    });
                    return null;
                }).build();
        try (TransportFixture f = new TransportFixture("overlap")) {
            TransportFixture.Server s = f.serve((Object ctx, Connection c) -> {
                inHandler.set(true);
                handlerStarted.countDown();
                c.close();
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                inHandler.set(false);
            }, options);
            try (SocketChannel peer = SocketChannel.open(s.address())) {
                peer.write(ByteBuffer.wrap(new byte[1]));
                assertTrue(handlerStarted.await(WAIT, TimeUnit.SECONDS));
                assertTrue(callbackRan.await(WAIT, TimeUnit.SECONDS));
            }
            assertFalse(overlapped.get(), "a close callback ran while OnRequest was running");
        }
    }

    @Test
    void aHandlerThatThrowsClosesOnlyItsOwnConnection() throws Exception {
        try (TransportFixture f = new TransportFixture("throws")) {
            TransportFixture.Server s = f.serve((Object ctx, Connection c) -> {
                if (c.peek(1).get(0) == (byte) 0xFF) {
                    throw new IllegalStateException("handler fault injected by the test");
                }
                Echo.HANDLER.onRequest(ctx, c);
            }, EventLoopOptions.defaults());
            Connection good = f.dial(s.address());
            try (SocketChannel bad = SocketChannel.open(s.address())) {
                bad.write(ByteBuffer.wrap(new byte[] {(byte) 0xFF, 0, 0, 0}));
                assertEquals(-1, bad.read(ByteBuffer.allocate(1)), "the faulty connection is closed");
            }
            Echo.send(good, new byte[] {5});
            assertArrayEquals(new byte[] {5}, Echo.receive(good));
        }
    }

    @Test
    void aFloodOfFailingHandlersLogsABurstOfLinesAndCountsTheRest() throws Exception {
        int peers = 100;
        try (TransportFixture f = new TransportFixture("flood", 1)) {
            TransportFixture.Server s = f.serve((Object ctx, Connection c) -> {
                throw new IllegalStateException("handler fault injected by the test");
            }, EventLoopOptions.defaults());
            for (int i = 0; i < peers; i++) {
                try (SocketChannel bad = SocketChannel.open(s.address())) {
                    bad.write(ByteBuffer.wrap(new byte[] {1}));
                    assertEquals(-1, bad.read(ByteBuffer.allocate(1)), "faulty connection " + i + " is closed");
                }
            }
            // each close is logged before its socket closes; a slow run may open a second window
            long suppressed = f.transport.suppressedCloseLogs();
            assertTrue(suppressed >= peers - 2L * Poller.CLOSE_LOG_BURST && suppressed <= peers - Poller.CLOSE_LOG_BURST,
                    () -> suppressed + " of " + peers + " close warnings suppressed; the burst is "
                            + Poller.CLOSE_LOG_BURST + " per window");
        }
    }

    @Test
    void aDialedConnectionTurnsInactiveWhenThePeerHangsUpEvenWithoutAReader() throws Exception {
        try (TransportFixture f = new TransportFixture("inactive");
             java.nio.channels.ServerSocketChannel server = java.nio.channels.ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            Connection c = f.dial(server.getLocalAddress());
            CountDownLatch closed = new CountDownLatch(1);
            c.addCloseCallback(x -> closed.countDown());
            try (SocketChannel accepted = server.accept()) {
                assertTrue(c.isActive());
                accepted.write(ByteBuffer.wrap(new byte[] {7}));
            }
            assertTrue(closed.await(WAIT, TimeUnit.SECONDS), "close callback on peer hang-up");
            assertFalse(c.isActive());
            assertEquals(7, c.readByte(), "bytes sent before the hang-up stay readable");
            try {
                c.readByte();
                throw new AssertionError("expected EOF");
            } catch (EOFException expected) {
                assertTrue(expected.getMessage().contains("peer"), expected.getMessage());
            }
        }
    }

    @Test
    void aResetFromThePeerMakesTheConnectionInactive() throws Exception {
        try (TransportFixture f = new TransportFixture("rst");
             java.nio.channels.ServerSocketChannel server = java.nio.channels.ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            Connection c = f.dial(server.getLocalAddress());
            CountDownLatch closed = new CountDownLatch(1);
            c.addCloseCallback(x -> closed.countDown());
            SocketChannel accepted = server.accept();
            accepted.setOption(StandardSocketOptions.SO_LINGER, 0);
            accepted.close();
            assertTrue(closed.await(WAIT, TimeUnit.SECONDS));
            assertFalse(c.isActive());
        }
    }

    private static void awaitSize(List<?> list, int size) throws InterruptedException {
        long deadline = System.nanoTime() + TransportFixture.WAIT.toNanos();
        while (list.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(list.size() >= size, "events: " + list);
    }
}
