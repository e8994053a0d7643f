package netpoll.nio.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import netpoll.api.Connection;
import netpoll.api.ConnectionClosedException;
import netpoll.api.EventLoopOptions;
import netpoll.mcache.Mcache;
import org.junit.jupiter.api.Test;

/**
 * A close on another thread while the reader holds views or the writer holds staged memory: that
 * memory stays with its connection until release() or flush(), never lent to another one.
 */
class CloseRaceTest {

    private static final int N = 1000;
    private static final int MIN_CLASS = 64;
    private static final byte SCRIBBLE = 0x7F;

    /** Closes {@code c} on another thread and waits for that to finish. */
    private static void closeElsewhere(Connection c) throws InterruptedException {
        Thread closer = new Thread(() -> {
            try {
                c.close();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }, "closer");
        closer.start();
        closer.join(TransportFixture.WAIT.toMillis());
        assertTrue(!closer.isAlive() && !c.isOpen(), "close on another thread did not finish");
        // buffers are freed by a task on the poller: let every task queued so far run
        CountDownLatch ran = new CountDownLatch(1);
        ((NioConnection) c).poller.execute(ran::countDown);
        assertTrue(ran.await(TransportFixture.WAIT.toMillis(), TimeUnit.MILLISECONDS), "the poller is stuck");
    }

    /** Allocates and fills whatever the cache would lend next in every size class, then frees it. */
    private static void scribbleOverFreeMemory(Mcache mcache) {
        for (int size = MIN_CLASS; size <= Mcache.DEFAULT_MAX_SIZE_CLASS; size <<= 1) {
            ByteBuffer b = mcache.malloc(size);
            while (b.hasRemaining()) {
                b.put(SCRIBBLE);
            }
            mcache.free(b);
        }
    }

    @Test
    void aViewStaysValidUntilReleaseWhenAnotherThreadCloses() throws Exception {
        try (TransportFixture f = new TransportFixture("viewhold");
             ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            Connection c = f.dial(server.getLocalAddress());
            try (SocketChannel peer = server.accept()) {
                byte[] sent = Echo.payload(new Random(7), N);
                peer.write(ByteBuffer.wrap(sent));
                ByteBuffer view = c.next(N);
                closeElsewhere(c);
                assertTrue(f.mcache.outstandingBuffers() > 0, "the input went back while a view was held");
                scribbleOverFreeMemory(f.mcache);
                byte[] seen = new byte[N];
                view.get(seen);
                assertArrayEquals(sent, seen, "the view's memory was given to someone else");
                c.release();
                TransportFixture.awaitNoBuffersOutstanding(f.mcache);
            }
        }
    }

    @Test
    void stagedMemoryStaysTheWritersUntilFlushWhenAnotherThreadCloses() throws Exception {
        try (TransportFixture f = new TransportFixture("stagehold");
             ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            Connection c = f.dial(server.getLocalAddress());
            try (SocketChannel peer = server.accept()) {
                ByteBuffer region = c.malloc(N);
                closeElsewhere(c);
                assertTrue(f.mcache.outstandingBuffers() > 0, "staged memory went back before the flush");
                region.put(new byte[N]);
                c.writeInt(1);
                assertThrows(ConnectionClosedException.class, c::flush);
                assertEquals(0, c.mallocLength());
                TransportFixture.awaitNoBuffersOutstanding(f.mcache);
            }
        }
    }

    @Test
    void stagingAfterTheBuffersWentBackStagesNothingAndTheFlushFails() throws Exception {
        try (TransportFixture f = new TransportFixture("stagefreed");
             ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            Connection c = f.dial(server.getLocalAddress());
            try (SocketChannel peer = server.accept()) {
                closeElsewhere(c);
                TransportFixture.awaitNoBuffersOutstanding(f.mcache);
                c.malloc(N).put(new byte[N]);
                assertEquals(3, c.writeBinary(new byte[3]));
                ByteBuffer src = ByteBuffer.allocate(5);
                assertEquals(5, c.writeBinary(src));
                assertEquals(0, src.remaining(), "the source is consumed as if staged");
                assertEquals(0, c.mallocLength());
                assertThrows(ConnectionClosedException.class, c::flush);
                assertEquals(0, f.mcache.outstandingBuffers());
            }
        }
    }

    @Test
    void viewsAHandlerKeptAcrossCallsGoBackOnceThePeerLeaves() throws Exception {
        CountDownLatch viewed = new CountDownLatch(1);
        try (TransportFixture f = new TransportFixture("viewkept")) {
            TransportFixture.Server s = f.serve((ctx, c) -> {
                // keeps the view for a later call (legal: views stay valid until release())
                c.next(c.length());
                viewed.countDown();
            }, EventLoopOptions.defaults());
            try (SocketChannel client = SocketChannel.open(s.address())) {
                client.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                assertTrue(viewed.await(TransportFixture.WAIT.toMillis(), TimeUnit.MILLISECONDS));
            }
            TransportFixture.awaitNoBuffersOutstanding(f.mcache);
        }
    }
}
