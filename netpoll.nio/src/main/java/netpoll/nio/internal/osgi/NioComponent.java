package netpoll.nio.internal.osgi;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.Executor;
import netpoll.api.Connection;
import netpoll.api.Dialer;
import netpoll.api.EventLoop;
import netpoll.api.EventLoopOptions;
import netpoll.api.Listener;
import netpoll.api.Network;
import netpoll.api.OnRequest;
import netpoll.api.spi.Transport;
import netpoll.mcache.Mcache;
import netpoll.nio.LoadBalance;
import netpoll.nio.Nio;
import netpoll.nio.NioConfig;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The OSGi face of the NIO transport: one transport built from the {@code netpoll.nio}
 * configuration, on the {@code netpoll.gopool} executor and the {@code netpoll.mcache} buffer
 * cache taken by reference, registered as {@link Transport} and {@link Dialer}.
 *
 * <p>A configuration change, or the executor or cache going away, makes SCR deactivate the
 * component (closing the transport: its pollers, selectors, listeners, event loops and
 * connections) and activate it again with a new transport. Users hold the service, not the
 * transport, so {@link #close()} on the service does nothing: the transport belongs to the
 * component.
 *
 * <p>Thread-safe: every method delegates to the transport, which is; the fields are final and
 * published by SCR before the service is registered.
 */
@Component(configurationPid = NioComponent.PID, service = {Transport.class, Dialer.class})
@Designate(ocd = NioComponent.Config.class)
public final class NioComponent implements Transport, Dialer {

    /** The Config Admin PID, equal to the module name. */
    public static final String PID = "netpoll.nio";

    /** The settings of the transport, from Config Admin (etc/netpoll.nio.cfg in Karaf). */
    @ObjectClassDefinition(id = PID, name = "netpoll NIO transport",
            description = "Pollers, load balance, limits and timeouts of the netpoll NIO transport.")
    public @interface Config {
        /** Default of {@link #name()}. */
        String DEFAULT_NAME = NioConfig.DEFAULT_NAME;
        /** Default of {@link #pollers()}: 0, Go's rule (cores / 20 + 1). */
        int DEFAULT_POLLERS = 0;
        /** Default of {@link #loadBalance()}. */
        LoadBalance DEFAULT_LOAD_BALANCE = LoadBalance.ROUND_ROBIN;
        /** Default of {@link #maxInputBytes()}: 16 MiB. */
        int DEFAULT_MAX_INPUT_BYTES = EventLoopOptions.DEFAULT_MAX_INPUT_BYTES;
        /** Default of the dialed connections' timeouts: 0, none. */
        long DEFAULT_TIMEOUT_MILLIS = 0;

        /** @return the prefix of the poller thread names */
        @AttributeDefinition(description = "Prefix of the poller thread names.")
        String name() default DEFAULT_NAME;

        /** @return the number of pollers */
        @AttributeDefinition(description = "Number of poller threads; 0 for Go's rule, cores / 20 + 1.", min = "0")
        int pollers() default DEFAULT_POLLERS;

        /** @return how new connections are spread over the pollers */
        @AttributeDefinition(description = "How new connections are spread over the pollers.")
        LoadBalance loadBalance() default LoadBalance.ROUND_ROBIN;

        /** @return the input cap of dialed connections */
        @AttributeDefinition(description = "Most unread bytes a dialed connection may buffer before it is closed.",
                min = "1")
        int maxInputBytes() default DEFAULT_MAX_INPUT_BYTES;

        /** @return the read timeout of dialed connections */
        @AttributeDefinition(description = "Read timeout of dialed connections in milliseconds; 0 for none.", min = "0")
        long readTimeoutMillis() default DEFAULT_TIMEOUT_MILLIS;

        /** @return the write timeout of dialed connections */
        @AttributeDefinition(description = "Write timeout of dialed connections in milliseconds; 0 for none.", min = "0")
        long writeTimeoutMillis() default DEFAULT_TIMEOUT_MILLIS;

        /** @return the TCP keep-alive idle time of dialed connections */
        @AttributeDefinition(description = "TCP keep-alive idle time of dialed connections in milliseconds; 0 for off.",
                min = "0")
        long idleTimeoutMillis() default DEFAULT_TIMEOUT_MILLIS;

        /** @return the filter that picks the executor service */
        @AttributeDefinition(name = "executor.target",
                description = "Filter that picks the Executor service running handlers; the netpoll.gopool pool by default.")
        String executor_target() default "(objectClass=netpoll.gopool.GoPool)";
    }

    private final Transport transport;
    private final Duration readTimeout;
    private final Duration writeTimeout;
    private final Duration idleTimeout;

    /**
     * Builds the transport; its threads start on first use.
     *
     * @param config the configuration
     * @param executor runs handlers and callbacks (the transport does not shut it down)
     * @param mcache the buffer cache (the transport does not close it)
     */
    @Activate
    public NioComponent(Config config,
                        @Reference(name = "executor", service = Executor.class,
                                target = "(objectClass=netpoll.gopool.GoPool)") Executor executor,
                        @Reference(name = "mcache") Mcache mcache) {
        this.transport = Nio.newTransport(NioConfig.builder()
                .name(config.name())
                .pollers(config.pollers())
                .loadBalance(config.loadBalance())
                .maxInputBytes(config.maxInputBytes())
                .executor(executor)
                .mcache(mcache)
                .build());
        this.readTimeout = Duration.ofMillis(config.readTimeoutMillis());
        this.writeTimeout = Duration.ofMillis(config.writeTimeoutMillis());
        this.idleTimeout = Duration.ofMillis(config.idleTimeoutMillis());
    }

    /** Closes the transport and everything it made. */
    @Deactivate
    public void deactivate() {
        transport.close();
    }

    @Override
    public String name() {
        return transport.name();
    }

    @Override
    public Listener createListener(Network network, SocketAddress address) throws IOException {
        return transport.createListener(network, address);
    }

    @Override
    public <C> EventLoop newEventLoop(OnRequest<C> onRequest, EventLoopOptions<C> options) {
        return transport.newEventLoop(onRequest, options);
    }

    @Override
    public Dialer dialer() {
        return this;
    }

    /**
     * Dials with the transport's dialer, then applies the configured timeouts.
     */
    @Override
    public Connection dialConnection(SocketAddress address, Duration timeout) throws IOException {
        Connection c = transport.dialer().dialConnection(address, timeout);
        if (!readTimeout.isZero()) {
            c.setReadTimeout(readTimeout);
        }
        if (!writeTimeout.isZero()) {
            c.setWriteTimeout(writeTimeout);
        }
        if (!idleTimeout.isZero()) {
            c.setIdleTimeout(idleTimeout);
        }
        return c;
    }

    /**
     * Does nothing: the transport belongs to this component and closes when it deactivates
     * (its bundle stops, its configuration changes or a reference goes away).
     */
    @Override
    public void close() {
        // owned by the component: see deactivate()
    }

    @Override
    public String toString() {
        return "NioComponent[" + transport + "]";
    }
}
