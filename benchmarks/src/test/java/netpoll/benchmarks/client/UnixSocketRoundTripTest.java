package netpoll.benchmarks.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import netpoll.benchmarks.harness.Measurement;
import netpoll.benchmarks.server.EchoServer;
import netpoll.benchmarks.server.ServerCommand;
import netpoll.benchmarks.server.ServerMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The echo benchmark over a Unix domain socket: each server listens on a socket file, the
 * clients that offer Unix sockets get every byte back in every scenario, and the socket file is
 * gone once the server is closed.
 */
class UnixSocketRoundTripTest {

    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final int SIZE = 1024;

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
        "netpoll, netpoll, POOL", "netpoll, netpoll, IDLE", "netpoll, netpoll, MUX", "netpoll, netty, POOL",
        "netty, netpoll, POOL", "netty, netpoll, MUX", "netty, netty, POOL", "netty, netty, MUX",
        "blocking, netpoll, POOL", "blocking, netty, MUX"})
    void everyByteComesBackOverAUnixSocket(String serverImpl, String clientImpl, Scenario scenario)
            throws Exception {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve(serverImpl + ".sock"));
        try (EchoServer server = ServerCommand.create(serverImpl, modeFor(scenario), address, 2)) {
            assertEquals(address, server.start());
            try (EchoClient client = ClientCommand.create(clientImpl, address, scenario)) {
                if (scenario == Scenario.IDLE) {
                    client.openIdleConnections(Scenario.IDLE_PER_BUSY * 2);
                }
                assertEquals(List.of(), ConcurrentCalls.problems(client, SIZE, TIMEOUT_NANOS, Duration.ofSeconds(30)));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"netpoll", "netty", "blocking"})
    void closingTheServerDeletesItsSocketFile(String serverImpl) throws Exception {
        Path file = dir.resolve(serverImpl + "-closed.sock");
        try (EchoServer server = ServerCommand.create(serverImpl, ServerMode.RPC, UnixDomainSocketAddress.of(file), 2)) {
            server.start();
            assertTrue(Files.exists(file), "no socket file at " + file);
        }
        assertFalse(Files.exists(file), "the closed server left " + file);
    }

    @Test
    void theAsyncNettyClientChecksOutOverAUnixSocket() throws Exception {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("async.sock"));
        try (EchoServer server = ServerCommand.create("netpoll", ServerMode.RPC, address, 2)) {
            server.start();
            Measurement m = new NettyAsyncLoad(address, Scenario.POOL, 8, SIZE, Duration.ofSeconds(2))
                    .run(Duration.ofMillis(100), Duration.ofMillis(400), quiet());
            assertTrue(m.calls() > 0, "no call completed: " + m);
            assertEquals(0, m.errors(), m.toHumanLine());
        }
    }

    @Test
    void theBlockingClientRefusesAUnixSocketAndSaysWhy() {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("none.sock"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClientCommand.create("blocking", address, Scenario.POOL));
        assertTrue(e.getMessage().contains("TCP only"), e.getMessage());
    }

    private static ServerMode modeFor(Scenario scenario) {
        return scenario == Scenario.MUX ? ServerMode.MUX : ServerMode.RPC;
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
