package netpoll.nio.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import netpoll.api.Connection;
import netpoll.api.EventLoop;
import netpoll.api.EventLoopOptions;
import netpoll.api.Listener;
import netpoll.api.Network;
import netpoll.nio.NioConfig;

/**
 * The echo server that {@link DescriptorExhaustionTest} runs in a child JVM under a low
 * {@code ulimit -n}: it prints {@value #PORT_LINE} and its port, and serves until its standard
 * input closes (the test closes it, or dies).
 */
public final class EmfileEchoServer {

    static final String PORT_LINE = "echo server port ";
    private static final Duration SHUTDOWN = Duration.ofSeconds(1);
    private static final int WARM_UP_BYTES = 100;
    private static final Duration DIAL_WAIT = Duration.ofSeconds(10);

    private EmfileEchoServer() {
    }

    /**
     * @param args none
     * @throws Exception when the server cannot start
     */
    public static void main(String[] args) throws Exception {
        try (NioTransport transport = new NioTransport(NioConfig.builder().name("emfile").pollers(1).build())) {
            Listener listener = transport.createListener(Network.TCP,
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            EventLoop loop = transport.newEventLoop(Echo.HANDLER, EventLoopOptions.defaults());
            Thread serving = new Thread(() -> {
                try {
                    loop.serve(listener);
                } catch (IOException e) {
                    e.printStackTrace();
                }
            }, "emfile-serve");
            serving.start();
            warmUp(transport, (InetSocketAddress) listener.localAddress());
            System.out.println(PORT_LINE + ((InetSocketAddress) listener.localAddress()).getPort());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the parent closes our standard input
            }
            loop.shutdown(SHUTDOWN);
            serving.join(SHUTDOWN.toMillis());
        }
    }

    /**
     * One echo through the server before the descriptors run out, so that the classes of the
     * request path are loaded while files can still be opened.
     */
    private static void warmUp(NioTransport transport, InetSocketAddress address) throws IOException {
        byte[] p = new byte[WARM_UP_BYTES];
        try (Connection c = transport.dialer().dialConnection(address, DIAL_WAIT)) {
            Echo.send(c, p);
            if (!Arrays.equals(p, Echo.receive(c))) {
                throw new IllegalStateException("the warm-up echo came back wrong");
            }
        }
    }
}
