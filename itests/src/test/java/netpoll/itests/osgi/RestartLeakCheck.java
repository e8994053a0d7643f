package netpoll.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import netpoll.api.Connection;
import netpoll.api.Dialer;
import netpoll.api.spi.Transport;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Restarts the netpoll.nio and netpoll.gopool bundles {@link #RESTARTS} times while a client
 * keeps dialing a plain JDK echo server through whichever Dialer service is current and runs a
 * task on whichever GoPool ExecutorService is current (a round trip counts once both worked, and
 * each restart waits for one through the new services), then
 * shows that the live thread count, the netpoll threads and the open file descriptors come
 * back to what they were before: no poller, worker, selector or socket outlives its bundle.
 * Runs inside Karaf.
 *
 * <p>Thread contract: {@link #run()} on the test thread; the client and the server each run
 * on their own thread and stop when {@link #running} turns false (volatile via AtomicBoolean).
 */
final class RestartLeakCheck {

    static final int RESTARTS = 50;
    private static final Duration DIAL_TIMEOUT = Duration.ofSeconds(2);
    private static final long SETTLE_MILLIS = 30_000;
    private static final long POLL_MILLIS = 100;
    private static final long JOIN_MILLIS = 10_000;
    private static final long CLIENT_MAX_MILLIS = 300_000;
    private static final long TASK_MILLIS = 2_000;
    private static final long PROGRESS_MILLIS = 10_000;
    private static final byte[] PAYLOAD = "restart".getBytes(StandardCharsets.UTF_8);
    private static final String NETPOLL_THREADS = "netpoll";

    private final BundleContext bc;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger roundTrips = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();

    RestartLeakCheck(BundleContext bc) {
        this.bc = bc;
    }

    void run() throws Exception {
        Bundle nio = ContainerBundles.find(bc, "netpoll.nio");
        Bundle gopool = ContainerBundles.find(bc, "netpoll.gopool");
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            Thread serving = thread("itests-plain-echo", () -> serve(server));
            restart(nio, gopool);
            clientRoundTrip(Services.await(Dialer.class, null), server);
            int threads = Threads.live();
            int netpollThreads = Threads.named(NETPOLL_THREADS);
            int fds = Threads.openDescriptors();

            ServiceTracker<Dialer, Dialer> dialers = new ServiceTracker<>(bc, Dialer.class, null);
            dialers.open();
            ServiceTracker<ExecutorService, ExecutorService> pools = new ServiceTracker<>(bc, ExecutorService.class, null);
            pools.open();
            Thread client = thread("itests-restart-client", () -> keepDialing(dialers, pools, server));
            for (int i = 0; i < RESTARTS; i++) {
                int before = roundTrips.get();
                restart(nio, gopool);
                awaitRoundTripAfter(before, i);
            }
            running.set(false);
            client.join(JOIN_MILLIS);
            dialers.close();
            pools.close();
            // the same state as when counting: a fresh nio and gopool that served one round trip
            restart(nio, gopool);
            clientRoundTrip(Services.await(Dialer.class, null), server);

            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS);
            while (System.nanoTime() < deadline
                    && (Threads.live() > threads || Threads.named(NETPOLL_THREADS) > netpollThreads
                    || Threads.openDescriptors() > fds)) {
                Thread.sleep(POLL_MILLIS);
            }
            System.out.printf("restart check: %d restarts, %d round trips, %d failed during restarts;"
                            + " threads %d -> %d, netpoll threads %d -> %d, fds %d -> %d%n",
                    RESTARTS, roundTrips.get(), failures.get(), threads, Threads.live(),
                    netpollThreads, Threads.named(NETPOLL_THREADS), fds, Threads.openDescriptors());
            assertEquals("netpoll threads after " + RESTARTS + " restarts", netpollThreads, Threads.named(NETPOLL_THREADS));
            assertTrue("live threads " + Threads.live() + " back to " + threads, Threads.live() <= threads);
            assertTrue("open descriptors " + Threads.openDescriptors() + " back to " + fds,
                    Threads.openDescriptors() <= fds);
            server.close();
            serving.join(JOIN_MILLIS);
        }
    }

    /** Waits until the client completed a round trip through the restarted bundles' services. */
    private void awaitRoundTripAfter(int before, int restart) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROGRESS_MILLIS);
        while (roundTrips.get() <= before && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue("no round trip within " + PROGRESS_MILLIS + " ms after restart " + restart
                + " (" + failures + " failed so far)", roundTrips.get() > before);
    }

    private void restart(Bundle nio, Bundle gopool) throws BundleException, InterruptedException {
        nio.stop();
        gopool.stop();
        gopool.start();
        nio.start();
        Services.await(Transport.class, null);
    }

    private void keepDialing(ServiceTracker<Dialer, Dialer> dialers,
                             ServiceTracker<ExecutorService, ExecutorService> pools, ServerSocketChannel server) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLIENT_MAX_MILLIS);
        while (running.get() && System.nanoTime() < deadline) {
            Dialer dialer = dialers.getService();
            if (dialer == null) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                continue;
            }
            try {
                clientRoundTrip(dialer, server);
                ExecutorService pool = pools.getService();
                if (pool != null) {
                    pool.submit(roundTrips::incrementAndGet).get(TASK_MILLIS, TimeUnit.MILLISECONDS);
                }
            } catch (IOException | RuntimeException | AssertionError | ExecutionException | TimeoutException e) {
                failures.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void clientRoundTrip(Dialer dialer, ServerSocketChannel server) throws IOException {
        try (Connection c = dialer.dialConnection(server.getLocalAddress(), DIAL_TIMEOUT)) {
            EchoServer.roundTrip(c, PAYLOAD);
        }
    }

    /** A blocking JDK echo server, one connection at a time, that outlives the restarts. */
    private static void serve(ServerSocketChannel server) {
        while (server.isOpen()) {
            try (SocketChannel c = server.accept()) {
                ByteBuffer buf = ByteBuffer.allocate(1024);
                while (c.read(buf) >= 0) {
                    buf.flip();
                    while (buf.hasRemaining()) {
                        c.write(buf);
                    }
                    buf.clear();
                }
            } catch (IOException closedOrReset) {
                // the listening socket closed (the check is over) or a client vanished mid-restart
            }
        }
    }

    private static Thread thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
