package netpoll.api;

import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.locks.ReentrantLock;
import netpoll.api.spi.Transport;

/**
 * The entry point, as Go's package-level functions: finds the default {@link Transport} through
 * {@link ServiceLoader} the first time it is needed and delegates to it.
 *
 * <p>The transport is looked up with the thread context class loader, then with this class's
 * loader, so it is found on the module path ({@code provides}) and on the class path
 * ({@code META-INF/services}). In OSGi, where ServiceLoader does not see other bundles, take the
 * {@code netpoll.api.spi.Transport} service from the registry instead.
 *
 * <p>Thread-safe. The default transport lives as long as the class loader of this class; its
 * threads are daemon threads started on first use.
 */
public final class Netpoll {

    private static final ReentrantLock LOOKUP = new ReentrantLock();

    /** Written once under {@link #LOOKUP}; read without it (volatile). */
    private static volatile Transport defaultTransport;

    private Netpoll() {
    }

    /**
     * The default transport: the first one {@link ServiceLoader} finds.
     *
     * @return the transport
     * @throws IllegalStateException naming the missing module when no transport is on the
     *     module path or class path
     */
    public static Transport transport() {
        Transport transport = defaultTransport;
        if (transport != null) {
            return transport;
        }
        LOOKUP.lock();
        try {
            if (defaultTransport == null) {
                ClassLoader context = Thread.currentThread().getContextClassLoader();
                Transport found = first(ServiceLoader.load(Transport.class, context));
                if (found == null) {
                    found = first(ServiceLoader.load(Transport.class, Netpoll.class.getClassLoader()));
                }
                defaultTransport = require(found);
            }
            return defaultTransport;
        } finally {
            LOOKUP.unlock();
        }
    }

    /**
     * Binds a server socket: {@code createListener("tcp", ":8080")},
     * {@code createListener("unix", "/tmp/echo.sock")}.
     *
     * @param network "tcp", "tcp4", "tcp6" or "unix"
     * @param address the address in that network's form (see {@link Network#resolve(String)})
     * @return the bound listener
     * @throws IOException when the address cannot be bound or resolved
     * @throws IllegalArgumentException when the network or the address is malformed
     */
    public static Listener createListener(String network, String address) throws IOException {
        Network net = Network.of(network);
        return transport().createListener(net, net.resolve(address));
    }

    /**
     * Makes a server event loop on the default transport.
     *
     * @param <C> the type of the per-connection context
     * @param onRequest the request handler
     * @param options the callbacks, timeouts and limits
     * @return the event loop; call {@link EventLoop#serve(Listener)} to start it
     */
    public static <C> EventLoop newEventLoop(OnRequest<C> onRequest, EventLoopOptions<C> options) {
        return transport().newEventLoop(onRequest, options);
    }

    /**
     * Makes a server event loop with default options.
     *
     * @param <C> the type of the per-connection context (always null without an
     *     {@link OnPrepare})
     * @param onRequest the request handler
     * @return the event loop
     */
    public static <C> EventLoop newEventLoop(OnRequest<C> onRequest) {
        return newEventLoop(onRequest, EventLoopOptions.defaults());
    }

    /**
     * Connects on the default transport; see {@link Dialer#dialConnection(String, String, Duration)}.
     *
     * @param network "tcp", "tcp4", "tcp6" or "unix"
     * @param address the address in that network's form
     * @param timeout how long to wait; null or zero means no limit
     * @return the connection
     * @throws IOException when the connection fails or times out
     */
    public static Connection dialConnection(String network, String address, Duration timeout)
            throws IOException {
        return newDialer().dialConnection(network, address, timeout);
    }

    /**
     * The default transport's dialer.
     *
     * @return the dialer
     */
    public static Dialer newDialer() {
        return transport().dialer();
    }

    /**
     * The transport to use among those found, or a clear error when there is none.
     *
     * @param found the first transport found, or null
     * @return {@code found}
     * @throws IllegalStateException naming the module to add when {@code found} is null
     */
    static Transport require(Transport found) {
        if (found == null) {
            throw new IllegalStateException("no netpoll Transport found: add the netpoll.nio module"
                    + " (io.netpoll:netpoll.nio) to the module path or class path; in OSGi, take the"
                    + " netpoll.api.spi.Transport service from the registry instead of calling Netpoll");
        }
        return found;
    }

    private static Transport first(ServiceLoader<Transport> loader) {
        Iterator<Transport> it = loader.iterator();
        try {
            return it.hasNext() ? it.next() : null;
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("a netpoll Transport is present but could not be"
                    + " loaded: " + e.getMessage(), e);
        }
    }
}
