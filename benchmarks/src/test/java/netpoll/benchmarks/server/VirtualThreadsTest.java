package netpoll.benchmarks.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import netpoll.benchmarks.client.BlockingEchoClient;
import netpoll.benchmarks.client.EchoClient;
import netpoll.benchmarks.client.NettyEchoClient;
import netpoll.benchmarks.client.Scenario;
import netpoll.benchmarks.echo.Payloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VirtualThreadsTest {

    @Test
    void beforeJdk21TheFactoryNamesTheJdkItNeeds() {
        assumeTrue(Runtime.version().feature() < VirtualThreads.FIRST_JDK);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> VirtualThreads.factory("x-"));
        assertTrue(e.getMessage().contains("JDK 21"), e.getMessage());
        assertTrue(!VirtualThreads.available());
    }

    @Test
    void theVirtualServerEchoesOnVirtualThreads() throws Exception {
        assumeTrue(VirtualThreads.available(), "virtual threads need JDK 21+");
        ThreadFactory threads = VirtualThreads.factory("test-virtual-");
        try (EchoServer server = new BlockingEchoServer("virtual", new InetSocketAddress("127.0.0.1", 0),
                ServerMode.MUX, threads, task -> threads.newThread(task).start())) {
            InetSocketAddress address = (InetSocketAddress) server.start();
            try (EchoClient client = new BlockingEchoClient(address, Scenario.MUX, TimeUnit.SECONDS.toNanos(5))) {
                byte[] request = new byte[1024];
                Payloads.fill(request, 3);
                assertArrayEquals(request, client.call(request, TimeUnit.SECONDS.toNanos(5)));
            }
        }
    }

    @Test
    void theVirtualServerEchoesOverAUnixSocket(@TempDir Path dir) throws Exception {
        assumeTrue(VirtualThreads.available(), "virtual threads need JDK 21+");
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("virtual.sock"));
        try (EchoServer server = ServerCommand.create("virtual", ServerMode.RPC, address, 2)) {
            server.start();
            try (EchoClient client = new NettyEchoClient(address, Scenario.POOL, TimeUnit.SECONDS.toNanos(5))) {
                byte[] request = new byte[1024];
                Payloads.fill(request, 4);
                assertArrayEquals(request, client.call(request, TimeUnit.SECONDS.toNanos(5)));
            }
        }
    }
}
