package netpoll.benchmarks.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import netpoll.benchmarks.harness.Measurement;
import netpoll.benchmarks.server.EchoServer;
import netpoll.benchmarks.server.NettyEchoServer;
import netpoll.benchmarks.server.ServerMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class NettyAsyncLoadTest {

    private static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void everyCallAgainstAHealthyServerChecksOut(Scenario scenario) throws Exception {
        ServerMode mode = scenario == Scenario.MUX ? ServerMode.MUX : ServerMode.RPC;
        try (EchoServer server = new NettyEchoServer(ANY_PORT, mode, 2)) {
            InetSocketAddress address = (InetSocketAddress) server.start();
            Measurement m = new NettyAsyncLoad(address, scenario, 8, 1024, Duration.ofSeconds(2))
                    .run(Duration.ofMillis(100), Duration.ofMillis(400), quiet());
            assertTrue(m.calls() > 0, "no call completed: " + m);
            assertEquals(0, m.errors(), m.toHumanLine());
        }
    }

    @Test
    void callsToASilentServerAreCountedAsTimeouts() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, ANY_PORT.getAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.start();
            try {
                Measurement m = new NettyAsyncLoad((InetSocketAddress) silent.getLocalSocketAddress(),
                        Scenario.POOL, 2, 64, Duration.ofMillis(100))
                        .run(Duration.ZERO, Duration.ofMillis(500), quiet());
                assertEquals(0, m.calls());
                assertTrue(m.timeouts() > 0, m.toHumanLine());
            } finally {
                silent.close();
                acceptor.join(TimeUnit.SECONDS.toMillis(5));
                for (Socket s : new ArrayList<>(accepted)) {
                    s.close();
                }
            }
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
