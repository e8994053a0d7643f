package netpoll.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EndpointTest {

    private static final Set<String> KNOWN = Set.of("host", "port", "unix");

    @Test
    void unixGivesTheSocketFilesAddress() {
        SocketAddress a = parse(false, "--unix", "/tmp/x.sock");
        assertEquals(UnixDomainSocketAddress.of(Path.of("/tmp/x.sock")), a);
        assertTrue(Endpoint.isUnix(a));
    }

    @Test
    void hostAndPortGiveATcpAddressOnLoopbackByDefault() {
        assertEquals(new InetSocketAddress("127.0.0.1", 9000), parse(false, "--port", "9000"));
        assertEquals(new InetSocketAddress("127.0.0.1", 0), parse(true));
    }

    @Test
    void aUnixPathAndAPortTogetherAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse(false, "--unix", "/tmp/x.sock", "--port", "9000"));
        assertTrue(e.getMessage().contains("not both"), e.getMessage());
    }

    @Test
    void aClientWithoutAServerToConnectToSaysWhatItNeeds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(false));
        assertTrue(e.getMessage().contains("--port") && e.getMessage().contains("--unix"), e.getMessage());
    }

    private static SocketAddress parse(boolean anyPort, String... argv) {
        return Endpoint.parse(Args.parse(argv, KNOWN), "client", anyPort);
    }
}
