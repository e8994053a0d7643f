package netpoll.itests.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import netpoll.api.Connection;
import netpoll.api.EventLoop;
import netpoll.api.Listener;
import netpoll.api.Netpoll;
import netpoll.api.OnRequest;
import netpoll.pool.ConnectionPool;
import netpoll.pool.PoolConfig;

/**
 * Serves the echo protocol (a 4-byte big-endian length, then that many bytes) with
 * {@link Netpoll}'s default transport, round-trips once through {@link Netpoll#dialConnection}
 * and once through a {@link ConnectionPool}, then prints every module of the boot layer that
 * is not the JDK's ({@code module NAME automatic=BOOLEAN}) and {@code echo ok}. Exits non-zero
 * on any failure.
 */
public final class EchoApp {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final byte[] PAYLOAD = "netpoll on the module path".getBytes(StandardCharsets.UTF_8);

    private static final OnRequest<Object> ECHO = (ctx, c) -> {
        int n = c.readInt();
        ByteBuffer payload = c.next(n);
        c.writeInt(n);
        c.malloc(n).put(payload);
        c.release();
        c.flush();
    };

    private EchoApp() {
    }

    /**
     * @param args none
     * @throws Exception when the round trip fails
     */
    public static void main(String[] args) throws Exception {
        EventLoop loop = Netpoll.newEventLoop(ECHO);
        Listener listener = Netpoll.createListener("tcp", "127.0.0.1:0");
        Thread serving = new Thread(() -> {
            try {
                loop.serve(listener);
            } catch (IOException e) {
                e.printStackTrace();
            }
        }, "echo-app-serve");
        serving.start();
        InetSocketAddress address = (InetSocketAddress) listener.localAddress();
        try (Connection c = Netpoll.dialConnection("tcp", "127.0.0.1:" + address.getPort(), TIMEOUT)) {
            roundTrip(c);
        }
        try (ConnectionPool pool = ConnectionPool.create(Netpoll.newDialer(), PoolConfig.defaults())) {
            try (Connection lease = pool.borrow(address)) {
                roundTrip(lease);
            }
        }
        loop.shutdown(TIMEOUT);
        serving.join(TIMEOUT.toMillis());
        ModuleLayer.boot().modules().stream()
                .filter(m -> !m.getName().startsWith("java.") && !m.getName().startsWith("jdk."))
                .sorted(Comparator.comparing(Module::getName))
                .forEach(m -> System.out.println("module " + m.getName()
                        + " automatic=" + m.getDescriptor().isAutomatic()));
        System.out.println("echo ok");
    }

    private static void roundTrip(Connection c) throws IOException {
        c.writeInt(PAYLOAD.length);
        c.writeBinary(PAYLOAD.clone());
        c.flush();
        int n = c.readInt();
        byte[] back = c.readBinary(n);
        c.release();
        if (!Arrays.equals(PAYLOAD, back)) {
            throw new IllegalStateException("echo returned " + new String(back, StandardCharsets.UTF_8)
                    + " instead of " + new String(PAYLOAD, StandardCharsets.UTF_8));
        }
    }
}
