package netpoll.benchmarks.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import netpoll.benchmarks.server.EchoServer;
import netpoll.benchmarks.server.NettyEchoServer;
import netpoll.benchmarks.server.ServerCommand;
import netpoll.benchmarks.server.ServerMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The netpoll server and client of the benchmark against the baselines, every byte checked.
 */
class NetpollRoundTripTest {

    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final int SIZE = 1024;

    @ParameterizedTest
    @EnumSource(ServerMode.class)
    void theNetpollServerEchoesEveryByteInEveryMode(ServerMode mode) throws Exception {
        Scenario scenario = mode == ServerMode.MUX ? Scenario.MUX : Scenario.POOL;
        try (EchoServer server = ServerCommand.create("netpoll", mode, new InetSocketAddress("127.0.0.1", 0), 2)) {
            InetSocketAddress address = (InetSocketAddress) server.start();
            try (EchoClient blocking = new BlockingEchoClient(address, scenario, TIMEOUT_NANOS);
                    EchoClient netty = new NettyEchoClient(address, scenario, TIMEOUT_NANOS)) {
                callsFromManyThreadsAllCheckOut(blocking);
                callsFromManyThreadsAllCheckOut(netty);
            }
        }
    }

    @Test
    void theNetpollMuxClientGetsEveryByteBackFromTheNettyServer() throws Exception {
        try (EchoServer server = new NettyEchoServer(new InetSocketAddress("127.0.0.1", 0), ServerMode.MUX, 2)) {
            InetSocketAddress address = (InetSocketAddress) server.start();
            try (EchoClient client = ClientCommand.create("netpoll", address, Scenario.MUX)) {
                callsFromManyThreadsAllCheckOut(client);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Scenario.class, names = {"POOL", "IDLE"})
    void thePooledNetpollClientGetsEveryByteBackFromTheNettyServer(Scenario scenario) throws Exception {
        try (EchoServer server = new NettyEchoServer(new InetSocketAddress("127.0.0.1", 0), ServerMode.RPC, 2)) {
            InetSocketAddress address = (InetSocketAddress) server.start();
            try (EchoClient client = ClientCommand.create("netpoll", address, scenario)) {
                if (scenario == Scenario.IDLE) {
                    client.openIdleConnections(Scenario.IDLE_PER_BUSY * 2);
                }
                callsFromManyThreadsAllCheckOut(client);
            }
        }
    }

    private static void callsFromManyThreadsAllCheckOut(EchoClient client) throws Exception {
        List<String> problems = ConcurrentCalls.problems(client, SIZE, TIMEOUT_NANOS, Duration.ofSeconds(30));
        assertEquals(List.of(), problems);
    }
}
