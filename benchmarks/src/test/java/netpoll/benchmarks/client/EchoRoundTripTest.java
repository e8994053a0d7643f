package netpoll.benchmarks.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import netpoll.benchmarks.echo.Payloads;
import netpoll.benchmarks.harness.LoadGenerator;
import netpoll.benchmarks.harness.Measurement;
import netpoll.benchmarks.server.BlockingEchoServer;
import netpoll.benchmarks.server.EchoServer;
import netpoll.benchmarks.server.NettyEchoServer;
import netpoll.benchmarks.server.ServerMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Short in-JVM round trips of the baseline servers and clients, every response byte checked.
 */
class EchoRoundTripTest {

    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);
    private static final int SIZE = 1024;

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void blockingClientGetsEveryByteBackFromTheNettyServer(Scenario scenario) throws Exception {
        ServerMode mode = scenario == Scenario.MUX ? ServerMode.MUX : ServerMode.RPC;
        try (EchoServer server = new NettyEchoServer(ANY_PORT, mode, 2)) {
            InetSocketAddress address = (InetSocketAddress) server.start();
            try (EchoClient client = new BlockingEchoClient(address, scenario, TIMEOUT_NANOS)) {
                callsFromManyThreadsAllCheckOut(client, scenario);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void nettyClientGetsEveryByteBackFromTheBlockingServer(Scenario scenario) throws Exception {
        ServerMode mode = scenario == Scenario.MUX ? ServerMode.MUX : ServerMode.RPC;
        try (EchoServer server = new BlockingEchoServer("blocking", ANY_PORT, mode,
                Executors.defaultThreadFactory(), Executors.newFixedThreadPool(2))) {
            InetSocketAddress address = (InetSocketAddress) server.start();
            try (EchoClient client = new NettyEchoClient(address, scenario, TIMEOUT_NANOS)) {
                callsFromManyThreadsAllCheckOut(client, scenario);
            }
        }
    }

    @Test
    void nettySerialModeAnswersOnTheEventLoop() throws Exception {
        try (EchoServer server = new NettyEchoServer(ANY_PORT, ServerMode.SERIAL, 1)) {
            InetSocketAddress address = (InetSocketAddress) server.start();
            try (EchoClient client = new NettyEchoClient(address, Scenario.POOL, TIMEOUT_NANOS)) {
                byte[] request = new byte[SIZE];
                Payloads.fill(request, 77);
                assertArrayEquals(request, client.call(request, TIMEOUT_NANOS));
            }
        }
    }

    @Test
    void theLoadGeneratorCountsCallsAndNoErrorsAgainstAHealthyServer() throws Exception {
        try (EchoServer server = new NettyEchoServer(ANY_PORT, ServerMode.RPC, 2)) {
            InetSocketAddress address = (InetSocketAddress) server.start();
            try (EchoClient client = new BlockingEchoClient(address, Scenario.POOL, TIMEOUT_NANOS)) {
                Measurement m = new LoadGenerator(client, 4, SIZE, Duration.ofSeconds(1))
                        .run(Duration.ZERO, Duration.ofMillis(500), Executors.defaultThreadFactory(), quiet());
                assertTrue(m.calls() > 0, "no call completed: " + m);
                assertEquals(0, m.errors(), m.toHumanLine());
                assertTrue(m.p99Micros() >= m.p50Micros());
            }
        }
    }

    @Test
    void aServerThatNeverAnswersMakesCallsTimeOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, ANY_PORT.getAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            acceptor.start();
            InetSocketAddress address = (InetSocketAddress) silent.getLocalSocketAddress();
            byte[] request = new byte[SIZE];
            Payloads.fill(request, 1);
            long shortTimeout = TimeUnit.MILLISECONDS.toNanos(200);
            try (EchoClient blocking = new BlockingEchoClient(address, Scenario.POOL, TIMEOUT_NANOS);
                    EchoClient netty = new NettyEchoClient(address, Scenario.MUX, TIMEOUT_NANOS)) {
                assertThrows(TimeoutException.class, () -> blocking.call(request, shortTimeout));
                assertThrows(TimeoutException.class, () -> netty.call(request, shortTimeout));
            } finally {
                silent.close();
                acceptor.join(TimeUnit.SECONDS.toMillis(5));
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }

    private static void callsFromManyThreadsAllCheckOut(EchoClient client, Scenario scenario)
            throws Exception {
        if (scenario == Scenario.IDLE) {
            client.openIdleConnections(Scenario.IDLE_PER_BUSY * 2);
        }
        List<String> problems = ConcurrentCalls.problems(client, SIZE, TIMEOUT_NANOS, Duration.ofSeconds(20));
        assertNull(problems.isEmpty() ? null : problems.get(0));
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
