package netpoll.api;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;

/**
 * The networks netpoll speaks, named as in Go: {@code "tcp"}, {@code "tcp4"}, {@code "tcp6"} and
 * {@code "unix"}, with Go's address forms.
 */
public enum Network {
    /** TCP over IPv4 or IPv6, whichever the host resolves to first. */
    TCP("tcp"),
    /** TCP over IPv4 only. */
    TCP4("tcp4"),
    /** TCP over IPv6 only. */
    TCP6("tcp6"),
    /** Unix domain stream sockets; the address is a file path. */
    UNIX("unix");

    private static final int MAX_PORT = 65_535;

    private final String goName;

    Network(String goName) {
        this.goName = goName;
    }

    /**
     * The network with this Go name.
     *
     * @param name "tcp", "tcp4", "tcp6" or "unix" (lower case, as in Go)
     * @return the network
     * @throws IllegalArgumentException naming the accepted names when {@code name} is none of them
     */
    public static Network of(String name) {
        for (Network network : values()) {
            if (network.goName.equals(name)) {
                return network;
            }
        }
        throw new IllegalArgumentException("unknown network \"" + name
                + "\": netpoll speaks \"tcp\", \"tcp4\", \"tcp6\" and \"unix\"");
    }

    /**
     * The Go name of this network.
     *
     * @return "tcp", "tcp4", "tcp6" or "unix"
     */
    public String goName() {
        return goName;
    }

    /**
     * Turns a Go-style address into a socket address of this network.
     * <ul>
     * <li>TCP: {@code "host:port"}, {@code "[ipv6]:port"} or {@code ":port"} (every local
     *     address of the family, to listen on; the local host, to dial). The host may be a name,
     *     resolved here; {@code tcp4} and {@code tcp6} keep only addresses of their family.
     *     Port 0 asks the system for a free port when listening.</li>
     * <li>Unix: a file path, such as {@code "/tmp/echo.sock"}.</li>
     * </ul>
     *
     * @param address the address
     * @return an {@link InetSocketAddress} (resolved) or a {@link UnixDomainSocketAddress}
     * @throws IllegalArgumentException naming the address and what is wrong with it when it is
     *     malformed
     * @throws UnknownHostException when the host has no address of this network's family
     */
    public SocketAddress resolve(String address) throws UnknownHostException {
        if (address == null || address.isEmpty()) {
            throw new IllegalArgumentException("empty address for network \"" + goName + "\"");
        }
        if (this == UNIX) {
            return UnixDomainSocketAddress.of(address);
        }
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("address \"" + address + "\" for network \""
                    + goName + "\" has no port: write host:port, [ipv6]:port or :port");
        }
        int port = parsePort(address, address.substring(colon + 1));
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("address \"" + address
                    + "\" has an IPv6 host without brackets: write [" + host + "]:" + port);
        }
        if (host.isEmpty()) {
            return new InetSocketAddress(wildcard(), port);
        }
        return new InetSocketAddress(pick(host), port);
    }

    private InetAddress wildcard() throws UnknownHostException {
        return InetAddress.getByName(this == TCP6 ? "::" : "0.0.0.0");
    }

    private InetAddress pick(String host) throws UnknownHostException {
        for (InetAddress candidate : InetAddress.getAllByName(host)) {
            if (this == TCP
                    || (this == TCP4 && candidate instanceof Inet4Address)
                    || (this == TCP6 && candidate instanceof Inet6Address)) {
                return candidate;
            }
        }
        throw new UnknownHostException("host \"" + host + "\" has no "
                + (this == TCP4 ? "IPv4" : "IPv6") + " address for network \"" + goName + "\"");
    }

    private static int parsePort(String address, String text) {
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address \"" + address + "\" has a port \""
                    + text + "\" that is not a number", e);
        }
        if (port < 0 || port > MAX_PORT) {
            throw new IllegalArgumentException("address \"" + address + "\" has port " + port
                    + ", outside 0.." + MAX_PORT);
        }
        return port;
    }

    @Override
    public String toString() {
        return goName;
    }
}
