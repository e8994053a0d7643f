package netpoll.api.spi;

import java.io.IOException;
import java.net.SocketAddress;
import netpoll.api.Dialer;
import netpoll.api.EventLoop;
import netpoll.api.EventLoopOptions;
import netpoll.api.Listener;
import netpoll.api.Network;
import netpoll.api.OnRequest;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A transport implementation: its pollers, listeners, event loops and dialer.
 *
 * <p>Found by {@link netpoll.api.Netpoll} through {@link java.util.ServiceLoader} (a
 * {@code provides netpoll.api.spi.Transport with …} clause on the module path, a
 * {@code META-INF/services} entry on the class path); registered as an OSGi service by the
 * implementation's bundle. A transport made by {@code ServiceLoader} starts its threads only
 * when first used, and they are daemon threads, so a program ends when its main thread does.
 *
 * <p>Thread-safe. {@link #close()} stops every thread the transport started and closes every
 * connection, listener and event loop it made; it is idempotent.
 */
@ProviderType
public interface Transport extends AutoCloseable {

    /**
     * A short name for logs and error messages, such as {@code "nio"}.
     *
     * @return the name
     */
    String name();

    /**
     * Binds a server socket.
     *
     * @param network the network
     * @param address an address of that network, as {@link Network#resolve(String)} returns
     * @return the bound listener
     * @throws IOException when the address cannot be bound (the message names it)
     */
    Listener createListener(Network network, SocketAddress address) throws IOException;

    /**
     * Makes a server event loop.
     *
     * @param <C> the type of the per-connection context
     * @param onRequest the request handler
     * @param options the callbacks, timeouts and limits
     * @return the event loop, not yet serving
     */
    <C> EventLoop newEventLoop(OnRequest<C> onRequest, EventLoopOptions<C> options);

    /**
     * The dialer of this transport.
     *
     * @return the dialer
     */
    Dialer dialer();

    /**
     * Stops every thread of this transport and closes everything it made. Idempotent.
     */
    @Override
    void close();
}
