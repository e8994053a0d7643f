package netpoll.nio.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.net.InetSocketAddress;
import java.time.Duration;
import netpoll.api.Connection;
import netpoll.api.EventLoop;
import netpoll.api.EventLoopOptions;
import netpoll.api.Listener;
import netpoll.api.Network;
import org.junit.jupiter.api.Test;

/** A server restarted on its port: the port is free again as soon as shutdown returns. */
class RestartTest {

    private static final int RESTARTS = 20;

    @Test
    void aServerCanListenOnItsPortAgainAsSoonAsShutdownReturns() throws Exception {
        try (TransportFixture f = new TransportFixture("restart")) {
            int port = 0;
            for (int i = 0; i < RESTARTS; i++) {
                Listener l = f.transport.createListener(Network.TCP, new InetSocketAddress("127.0.0.1", port));
                port = ((InetSocketAddress) l.localAddress()).getPort();
                EventLoop loop = f.transport.newEventLoop(Echo.HANDLER, EventLoopOptions.defaults());
                Thread serving = new Thread(() -> {
                    try {
                        loop.serve(l);
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                }, "t-restart-serve-" + i);
                serving.start();
                try (Connection c = f.transport.dialer().dialConnection(l.localAddress(), TransportFixture.WAIT)) {
                    Echo.send(c, new byte[] {(byte) i});
                    assertArrayEquals(new byte[] {(byte) i}, Echo.receive(c));
                }
                // let the poller go idle, so nothing but shutdown itself can make it deregister the listener
                long deadline = System.nanoTime() + TransportFixture.WAIT.toNanos();
                while (((NioEventLoop) loop).connectionCount() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                loop.shutdown(Duration.ofSeconds(1));
                serving.join(TransportFixture.WAIT.toMillis());
            }
        }
    }
}
