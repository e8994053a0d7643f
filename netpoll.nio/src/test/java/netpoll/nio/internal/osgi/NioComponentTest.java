package netpoll.nio.internal.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import netpoll.api.Connection;
import netpoll.api.Network;
import netpoll.api.ReadTimeoutException;
import netpoll.gopool.GoPool;
import netpoll.mcache.Mcache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The nio component without a framework: SCR's part is played by hand (constructor, then
 * deactivate), the configuration is a proxy of the config annotation.
 */
class NioComponentTest {

    private static final Duration DIAL = Duration.ofSeconds(5);
    private static final long READ_TIMEOUT_MILLIS = 200;

    private final GoPool executor = GoPool.builder().name("component-test").build();
    private final Mcache mcache = Mcache.builder().build();

    @AfterEach
    void closeWhatTheComponentWasGiven() {
        executor.close();
        mcache.close();
    }

    @Test
    void dialedConnectionsGetTheConfiguredReadTimeout() throws Exception {
        NioComponent component = new NioComponent(config(Map.of("readTimeoutMillis", READ_TIMEOUT_MILLIS)),
                executor, mcache);
        try (ServerSocketChannel silent = ServerSocketChannel.open()) {
            silent.bind(new InetSocketAddress("127.0.0.1", 0));
            try (Connection c = component.dialer().dialConnection(silent.getLocalAddress(), DIAL);
                 SocketChannel accepted = silent.accept()) {
                long start = System.nanoTime();
                assertThrows(ReadTimeoutException.class, c::readInt);
                long tookMillis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(tookMillis >= READ_TIMEOUT_MILLIS / 2, "timed out after " + tookMillis + " ms");
                assertTrue(accepted.isOpen());
            }
        } finally {
            component.deactivate();
        }
    }

    @Test
    void closeOnTheServiceLeavesTheTransportToTheComponent() throws Exception {
        NioComponent component = new NioComponent(config(Map.of("name", "close-test")), executor, mcache);
        try {
            component.close();
            component.createListener(Network.TCP, new InetSocketAddress("127.0.0.1", 0)).close();
            assertSame(component, component.dialer());
            assertEquals("nio", component.name());
        } finally {
            component.deactivate();
        }
    }

    @Test
    void deactivateClosesTheTransportAndStopsItsPollers() throws Exception {
        NioComponent component = new NioComponent(config(Map.of("name", "deactivate-test", "pollers", 2)),
                executor, mcache);
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            Connection c = component.dialConnection(server.getLocalAddress(), DIAL);
            assertTrue(c.isActive());
            assertEquals(2, pollerThreads("deactivate-test-poller-"));
            component.deactivate();
            assertFalse(c.isActive(), "a dialed connection outlived the component");
            assertEquals(0, pollerThreads("deactivate-test-poller-"));
            assertThrows(IllegalStateException.class,
                    () -> component.createListener(Network.TCP, new InetSocketAddress("127.0.0.1", 0)));
        }
    }

    @Test
    void defaultsAreNamedConstantsThatMatchTheTransportDefaults() {
        NioComponent.Config defaults = config(Map.of());
        assertEquals(NioComponent.Config.DEFAULT_POLLERS, defaults.pollers());
        assertEquals(NioComponent.Config.DEFAULT_LOAD_BALANCE, defaults.loadBalance());
        assertEquals(NioComponent.Config.DEFAULT_MAX_INPUT_BYTES, defaults.maxInputBytes());
        assertEquals(NioComponent.Config.DEFAULT_NAME, defaults.name());
    }

    private static int pollerThreads(String prefix) {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
    }

    /** The config annotation as SCR gives it: each value from {@code values}, else its default. */
    private static NioComponent.Config config(Map<String, Object> values) {
        return (NioComponent.Config) Proxy.newProxyInstance(NioComponent.Config.class.getClassLoader(),
                new Class<?>[] {NioComponent.Config.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return NioComponent.Config.class;
                    }
                    Object v = values.get(method.getName());
                    return v != null ? v : method.getDefaultValue();
                });
    }
}
