package netpoll.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.ExecutorService;
import netpoll.api.Connection;
import netpoll.api.Dialer;
import netpoll.api.spi.Transport;
import netpoll.gopool.GoPool;
import netpoll.mcache.Mcache;
import netpoll.pool.ConnectionPool;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * What every OSGi container must show: the netpoll bundles are ACTIVE, their components
 * register the API services, and an echo round trip works through the Transport, the Dialer
 * and a ConnectionPool made from a factory configuration. Subclasses pick the container.
 */
public abstract class ServicesInContainer {

    private static final Duration DIAL_TIMEOUT = Duration.ofSeconds(5);
    private static final byte[] PAYLOAD = "netpoll in OSGi".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    /** @return the Bundle-SymbolicName of the system bundle this container must run */
    protected abstract String expectedFramework();

    @Test
    public void runsOnTheExpectedFramework() {
        assertEquals(expectedFramework(), Services.context().getBundle(0).getSymbolicName());
    }

    @Test
    public void everyNetpollBundleIsActive() {
        for (String module : ContainerBundles.NETPOLL_MODULES) {
            Bundle b = ContainerBundles.find(Services.context(), module);
            assertEquals(module + " state", Bundle.ACTIVE, b.getState());
        }
    }

    @Test
    public void componentsRegisterTheApiServices() throws Exception {
        assertTrue(Services.await(ExecutorService.class, null) instanceof GoPool);
        Services.await(Mcache.class, null);
        Transport transport = Services.await(Transport.class, null);
        assertEquals("nio", transport.name());
        Services.await(Dialer.class, null);
        ServiceReference<Transport> ref = Services.context().getServiceReference(Transport.class);
        assertEquals("the nio component registers API interfaces only",
                List.of(Transport.class.getName(), Dialer.class.getName()),
                List.of((String[]) ref.getProperty("objectClass")));
    }

    @Test
    public void echoRoundTripThroughTransportDialerAndPool() throws Exception {
        Transport transport = Services.await(Transport.class, null);
        Dialer dialer = Services.await(Dialer.class, null);
        ConfigurationAdmin cm = Services.await(ConfigurationAdmin.class, null);
        Configuration poolConfig = cm.createFactoryConfiguration("netpoll.pool", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("name", "itests");
        props.put("jmxEnabled", "false");
        poolConfig.update(props);
        try (EchoServer server = EchoServer.start(transport)) {
            try (Connection c = dialer.dialConnection(server.address(), DIAL_TIMEOUT)) {
                EchoServer.roundTrip(c, PAYLOAD);
            }
            ConnectionPool pool = Services.await(ConnectionPool.class, "(name=itests)");
            InetSocketAddress address = (InetSocketAddress) server.address();
            try (Connection lease = pool.borrow(address)) {
                EchoServer.roundTrip(lease, PAYLOAD);
            }
            try (Connection lease = pool.borrow(address)) {
                EchoServer.roundTrip(lease, PAYLOAD);
            }
            assertEquals("connections dialed by the pool", 1, pool.stats(address).created());
        } finally {
            poolConfig.delete();
        }
    }
}
