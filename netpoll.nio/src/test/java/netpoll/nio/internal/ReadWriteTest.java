package netpoll.nio.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import netpoll.api.ConcurrentAccessException;
import netpoll.api.Connection;
import netpoll.api.ConnectionClosedException;
import netpoll.api.DialTimeoutException;
import netpoll.api.EventLoopOptions;
import netpoll.api.ReadTimeoutException;
import netpoll.api.WriteTimeoutException;
import org.junit.jupiter.api.Test;

class ReadWriteTest {

    private static final long WAIT = TransportFixture.WAIT.toSeconds();

    /** A plain loopback server socket whose accepted peer the test drives by hand. */
    private static final class Peer implements AutoCloseable {
        final ServerSocketChannel server = ServerSocketChannel.open();

        Peer() throws IOException {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
        }

        SocketChannel accept() throws IOException {
            return server.accept();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    @Test
    void nextBlocksUntilEnoughBytesArrive() throws Exception {
        try (TransportFixture f = new TransportFixture("blocks"); Peer peer = new Peer()) {
            Connection c = f.dial(peer.server.getLocalAddress());
            try (SocketChannel s = peer.accept()) {
                AtomicReference<byte[]> got = new AtomicReference<>();
                CountDownLatch done = new CountDownLatch(1);
                Thread reader = new Thread(() -> {
                    try {
                        ByteBuffer b = c.next(6);
                        byte[] copy = new byte[6];
                        b.get(copy);
                        got.set(copy);
                        c.release();
                    } catch (IOException e) {
                        got.set(null);
                    }
                    done.countDown();
                });
                reader.start();
                s.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                assertFalse(done.await(100, TimeUnit.MILLISECONDS), "next(6) returned with 3 bytes");
                s.write(ByteBuffer.wrap(new byte[] {4, 5, 6}));
                assertTrue(done.await(WAIT, TimeUnit.SECONDS));
                assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, got.get());
            }
        }
    }

    @Test
    void readTimesOutWithTheAddressesAndTheWaitInTheMessage() throws Exception {
        try (TransportFixture f = new TransportFixture("rtimeout"); Peer peer = new Peer()) {
            Connection c = f.dial(peer.server.getLocalAddress());
            try (SocketChannel s = peer.accept()) {
                c.setReadTimeout(Duration.ofMillis(100));
                long start = System.nanoTime();
                ReadTimeoutException e = assertThrows(ReadTimeoutException.class, () -> c.next(1));
                assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(90));
                assertTrue(e.getMessage().contains(peer.server.getLocalAddress().toString().replace("localhost", "")
                        .substring(1)) || e.getMessage().contains("127.0.0.1"), e.getMessage());
                assertTrue(c.isActive(), "a read timeout leaves the connection open");
            }
        }
    }

    @Test
    void aBlockedReaderGetsTheBufferedBytesThenEofWhenThePeerCloses() throws Exception {
        try (TransportFixture f = new TransportFixture("eof"); Peer peer = new Peer()) {
            Connection c = f.dial(peer.server.getLocalAddress());
            SocketChannel s = peer.accept();
            s.write(ByteBuffer.wrap(new byte[] {1, 2}));
            CountDownLatch failed = new CountDownLatch(1);
            AtomicReference<Throwable> error = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                try {
                    c.next(4);
                } catch (Throwable t) {
                    error.set(t);
                }
                failed.countDown();
            });
            reader.start();
            s.close();
            assertTrue(failed.await(WAIT, TimeUnit.SECONDS));
            assertTrue(error.get() instanceof EOFException, String.valueOf(error.get()));
            assertEquals(2, c.length());
            assertEquals(1, c.readByte());
            assertEquals(2, c.readByte());
            assertThrows(EOFException.class, c::readByte);
        }
    }

    @Test
    void aLocalCloseWakesABlockedReaderWithConnectionClosed() throws Exception {
        try (TransportFixture f = new TransportFixture("localclose"); Peer peer = new Peer()) {
            Connection c = f.dial(peer.server.getLocalAddress());
            try (SocketChannel s = peer.accept()) {
                AtomicReference<Throwable> error = new AtomicReference<>();
                CountDownLatch done = new CountDownLatch(1);
                Thread reader = new Thread(() -> {
                    try {
                        c.next(1);
                    } catch (Throwable t) {
                        error.set(t);
                    }
                    done.countDown();
                });
                reader.start();
                assertFalse(done.await(50, TimeUnit.MILLISECONDS));
                c.close();
                assertTrue(done.await(WAIT, TimeUnit.SECONDS));
                assertTrue(error.get() instanceof ConnectionClosedException, String.valueOf(error.get()));
                assertFalse(c.isOpen());
            }
        }
    }

    @Test
    void flushTimesOutWhenThePeerStopsReadingAndClosesTheConnection() throws Exception {
        try (TransportFixture f = new TransportFixture("wtimeout"); Peer peer = new Peer()) {
            Connection c = f.dial(peer.server.getLocalAddress());
            try (SocketChannel s = peer.accept()) {
                c.setWriteTimeout(Duration.ofMillis(200));
                byte[] chunk = new byte[1 << 20];
                WriteTimeoutException e = assertThrows(WriteTimeoutException.class, () -> {
                    for (int i = 0; i < 256; i++) {
                        c.writeBinary(chunk);
                        c.flush();
                    }
                });
                assertTrue(e.getMessage().contains("took no bytes"), e.getMessage());
                assertFalse(c.isActive());
                assertThrows(ConnectionClosedException.class, c::flush);
            }
        }
    }

    @Test
    void aSecondConcurrentFlushFailsWithConcurrentAccess() throws Exception {
        try (TransportFixture f = new TransportFixture("cflush"); Peer peer = new Peer()) {
            Connection c = f.dial(peer.server.getLocalAddress());
            try (SocketChannel s = peer.accept()) {
                // fill the socket so the first flush parks waiting for the peer
                c.writeBinary(new byte[8 << 20]);
                CountDownLatch firstDone = new CountDownLatch(1);
                Thread first = new Thread(() -> {
                    try {
                        c.flush();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    } finally {
                        firstDone.countDown();
                    }
                });
                first.start();
                awaitParked(first);
                ConcurrentAccessException seen = assertThrows(ConcurrentAccessException.class, c::flush);
                assertTrue(seen.getMessage().contains("another thread is flushing"), seen.getMessage());
                ByteBuffer sink = ByteBuffer.allocate(1 << 16);
                long received = 0;
                while (received < (8 << 20)) {
                    sink.clear();
                    received += s.read(sink);
                }
                assertTrue(firstDone.await(WAIT, TimeUnit.SECONDS));
                assertEquals(8 << 20, received, "the first flush's bytes arrived whole");
            }
        }
    }

    /** Waits until {@code t} is parked (in a flush waiting for the socket), bounded. */
    private static void awaitParked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TransportFixture.WAIT.toNanos();
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
            assertTrue(System.nanoTime() < deadline, "the first flush never waited for the socket");
            Thread.sleep(5);
        }
    }

    @Test
    void pauseReadStopsReadingAndResumeReadStartsAgain() throws Exception {
        try (TransportFixture f = new TransportFixture("pause"); Peer peer = new Peer()) {
            Connection c = f.dial(peer.server.getLocalAddress());
            try (SocketChannel s = peer.accept()) {
                c.pauseRead();
                s.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                c.setReadTimeout(Duration.ofMillis(200));
                assertThrows(ReadTimeoutException.class, () -> c.next(3));
                assertEquals(0, c.length(), "bytes were read while paused");
                c.setReadTimeout(null);
                c.resumeRead();
                c.next(3);
                c.release();
            }
        }
    }

    @Test
    void inputPastTheCapClosesTheConnection() throws Exception {
        try (TransportFixture f = new TransportFixture("cap"); Peer peer = new Peer()) {
            Connection c = f.dial(peer.server.getLocalAddress());
            c.setMaxInputBytes(64 * 1024);
            CountDownLatch closed = new CountDownLatch(1);
            c.addCloseCallback(x -> closed.countDown());
            try (SocketChannel s = peer.accept()) {
                s.configureBlocking(false);
                ByteBuffer junk = ByteBuffer.allocate(1 << 16);
                long deadline = System.nanoTime() + TransportFixture.WAIT.toNanos();
                while (closed.getCount() > 0 && System.nanoTime() < deadline) {
                    junk.clear();
                    try {
                        s.write(junk);
                    } catch (IOException reset) {
                        break;
                    }
                }
                assertTrue(closed.await(WAIT, TimeUnit.SECONDS), "the connection was not closed at the cap");
                assertFalse(c.isOpen());
            }
        }
    }

    @Test
    void aReadLargerThanTheCapFailsAtOnceAndClosesTheConnection() throws Exception {
        try (TransportFixture f = new TransportFixture("bigread"); Peer peer = new Peer()) {
            Connection c = f.dial(peer.server.getLocalAddress());
            c.setMaxInputBytes(1024);
            try (SocketChannel s = peer.accept()) {
                IOException e = assertThrows(IOException.class, () -> c.next(Integer.MAX_VALUE));
                assertTrue(e.getMessage().contains("input cap"), e.getMessage());
                assertFalse(c.isOpen());
            }
        }
    }

    @Test
    void halfClosedPeerStillGetsAnswersToBufferedRequests() throws Exception {
        try (TransportFixture f = new TransportFixture("halfclose")) {
            TransportFixture.Server server = f.serve(Echo.HANDLER, EventLoopOptions.defaults());
            try (SocketChannel s = SocketChannel.open(server.address())) {
                ByteBuffer requests = ByteBuffer.allocate(3 * 8);
                for (int i = 0; i < 3; i++) {
                    requests.putInt(4).putInt(i);
                }
                s.write(requests.flip());
                s.shutdownOutput();
                ByteBuffer answers = ByteBuffer.allocate(3 * 8);
                while (answers.hasRemaining()) {
                    if (s.read(answers) < 0) {
                        break;
                    }
                }
                answers.flip();
                for (int i = 0; i < 3; i++) {
                    assertEquals(4, answers.getInt());
                    assertEquals(i, answers.getInt());
                }
                assertEquals(-1, s.read(ByteBuffer.allocate(1)), "EOF after the answers");
            }
        }
    }

    @Test
    void dialTimesOutAgainstAFullBacklog() throws Exception {
        try (TransportFixture f = new TransportFixture("dialtimeout");
             ServerSocketChannel full = ServerSocketChannel.open()) {
            full.bind(new InetSocketAddress("127.0.0.1", 0), 1);
            java.util.List<Connection> fillers = new java.util.ArrayList<>();
            try {
                DialTimeoutException timeout = null;
                for (int i = 0; i < 64 && timeout == null; i++) {
                    try {
                        fillers.add(f.transport.dialer().dialConnection(full.getLocalAddress(), Duration.ofMillis(300)));
                    } catch (DialTimeoutException e) {
                        timeout = e;
                    }
                }
                assertTrue(timeout != null, "no dial timed out against a full backlog");
                assertTrue(timeout.getMessage().contains("no connection after"), timeout.getMessage());
            } finally {
                for (Connection c : fillers) {
                    c.close();
                }
            }
        }
    }

    @Test
    void dialToAClosedPortFailsNamingTheAddress() throws Exception {
        try (TransportFixture f = new TransportFixture("refused")) {
            InetSocketAddress closed;
            try (ServerSocketChannel tmp = ServerSocketChannel.open()) {
                tmp.bind(new InetSocketAddress("127.0.0.1", 0));
                closed = (InetSocketAddress) tmp.getLocalAddress();
            }
            IOException e = assertThrows(IOException.class,
                    () -> f.transport.dialer().dialConnection(closed, Duration.ofSeconds(5)));
            assertTrue(e.getMessage().contains(String.valueOf(closed.getPort())), e.getMessage());
        }
    }
}
