package netpoll.benchmarks.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import netpoll.benchmarks.echo.Payloads;
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
        try (EchoServer server = ServerCommand.create("netpoll", mode, "127.0.0.1", 0, null, 2)) {
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
        int threads = 8;
        int callsEach = 50;
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            long base = (long) t << 32;
            new Thread(() -> {
                try {
                    byte[] request = new byte[SIZE];
                    for (int i = 0; i < callsEach; i++) {
                        Payloads.fill(request, base + i);
                        String problem = Payloads.check(client.call(request, TIMEOUT_NANOS), SIZE, base + i);
                        if (problem != null) {
                            problems.add(problem);
                        }
                    }
                } catch (Exception e) {
                    problems.add(e.toString());
                } finally {
                    done.countDown();
                }
            }).start();
        }
        assertTrue(done.await(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS), "callers did not finish");
        assertEquals(List.of(), problems);
    }
}
