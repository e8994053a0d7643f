package netpoll.api;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Opens client connections served by the transport's pollers. Thread-safe.
 */
@ProviderType
public interface Dialer {

    /**
     * Connects to {@code address} without blocking a poller, waiting at most {@code timeout}.
     * TCP connections have TCP_NODELAY on.
     *
     * @param address an {@link java.net.InetSocketAddress} or a
     *     {@link java.net.UnixDomainSocketAddress}
     * @param timeout how long to wait for the connection; null or zero means no limit
     * @return the connected connection
     * @throws DialTimeoutException when the timeout passes first
     * @throws IOException when the connection is refused or fails
     */
    Connection dialConnection(SocketAddress address, Duration timeout) throws IOException;

    /**
     * Connects to an address given as Go does: {@code ("tcp", "127.0.0.1:8080")},
     * {@code ("tcp6", "[::1]:8080")}, {@code ("unix", "/tmp/echo.sock")}.
     *
     * @param network "tcp", "tcp4", "tcp6" or "unix"
     * @param address the address in that network's form (see {@link Network#resolve(String)})
     * @param timeout how long to wait for the connection; null or zero means no limit
     * @return the connected connection
     * @throws DialTimeoutException when the timeout passes first
     * @throws IOException when the connection is refused or fails, or the name does not resolve
     * @throws IllegalArgumentException when the network or the address is malformed
     */
    default Connection dialConnection(String network, String address, Duration timeout)
            throws IOException {
        return dialConnection(Network.of(network).resolve(address), timeout);
    }
}
