package netpoll.api;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A bound server socket (TCP or Unix domain) to hand to {@link EventLoop#serve(Listener)}. Made
 * by {@link Netpoll#createListener(String, String)}. Thread-safe.
 */
@ProviderType
public interface Listener extends Closeable {

    /**
     * The network it listens on.
     *
     * @return the network
     */
    Network network();

    /**
     * The address it is bound to, with the actual port when port 0 was asked for.
     *
     * @return an {@link java.net.InetSocketAddress} or a
     *     {@link java.net.UnixDomainSocketAddress}
     */
    SocketAddress localAddress();

    /**
     * Closes the server socket (a Unix socket's file is deleted). Idempotent.
     *
     * @throws IOException when the socket cannot be closed
     */
    @Override
    void close() throws IOException;
}
