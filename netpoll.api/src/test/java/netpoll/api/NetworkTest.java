package netpoll.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class NetworkTest {

    @Test
    void goNamesMapToNetworks() {
        assertEquals(Network.TCP, Network.of("tcp"));
        assertEquals(Network.TCP4, Network.of("tcp4"));
        assertEquals(Network.TCP6, Network.of("tcp6"));
        assertEquals(Network.UNIX, Network.of("unix"));
        assertEquals("tcp6", Network.TCP6.toString());
    }

    @Test
    void unknownNetworkNamesTheAcceptedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Network.of("udp"));
        assertTrue(e.getMessage().contains("\"udp\"") && e.getMessage().contains("\"unix\""), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Network.of("TCP"));
    }

    @Test
    void tcpHostPortResolves() throws Exception {
        InetSocketAddress a = (InetSocketAddress) Network.TCP.resolve("127.0.0.1:8080");
        assertEquals("127.0.0.1", a.getAddress().getHostAddress());
        assertEquals(8080, a.getPort());
        assertTrue(!a.isUnresolved());
    }

    @Test
    void bracketedIpv6Resolves() throws Exception {
        InetSocketAddress a = (InetSocketAddress) Network.TCP6.resolve("[::1]:9000");
        assertTrue(a.getAddress() instanceof Inet6Address);
        assertTrue(a.getAddress().isLoopbackAddress());
        assertEquals(9000, a.getPort());
    }

    @Test
    void emptyHostMeansWildcardOfTheFamily() throws Exception {
        InetSocketAddress v4 = (InetSocketAddress) Network.TCP4.resolve(":0");
        assertTrue(v4.getAddress().isAnyLocalAddress() && v4.getAddress() instanceof Inet4Address);
        InetSocketAddress v6 = (InetSocketAddress) Network.TCP6.resolve(":7");
        assertTrue(v6.getAddress().isAnyLocalAddress() && v6.getAddress() instanceof Inet6Address);
        assertEquals(7, v6.getPort());
    }

    @Test
    void familyRestrictedNetworksRejectOtherFamilies() {
        assertThrows(UnknownHostException.class, () -> Network.TCP4.resolve("[::1]:80"));
        assertThrows(UnknownHostException.class, () -> Network.TCP6.resolve("127.0.0.1:80"));
    }

    @Test
    void malformedAddressesNameTheProblem() {
        assertMessage("has no port", () -> Network.TCP.resolve("localhost"));
        assertMessage("not a number", () -> Network.TCP.resolve("localhost:http"));
        assertMessage("outside 0..65535", () -> Network.TCP.resolve("localhost:70000"));
        assertMessage("without brackets", () -> Network.TCP.resolve("::1:80"));
        assertMessage("empty address", () -> Network.UNIX.resolve(""));
    }

    @Test
    void unixAddressIsAPath() throws Exception {
        assertEquals(UnixDomainSocketAddress.of("/tmp/x.sock"), Network.UNIX.resolve("/tmp/x.sock"));
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
