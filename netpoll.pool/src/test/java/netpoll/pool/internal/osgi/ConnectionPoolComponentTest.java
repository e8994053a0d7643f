package netpoll.pool.internal.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.Map;
import netpoll.api.Dialer;
import netpoll.pool.PoolConfig;
import org.junit.jupiter.api.Test;

/**
 * The pool component without a framework: SCR's part is played by hand (constructor, then
 * deactivate), the configuration is a proxy of the config annotation.
 */
class ConnectionPoolComponentTest {

    private static final InetSocketAddress NOWHERE = new InetSocketAddress("127.0.0.1", 9);
    private static final Dialer REFUSING = (address, timeout) -> {
        throw new ConnectException("refused by the test dialer: " + address);
    };

    @Test
    void poolIsNamedAfterItsConfigurationUnlessANameIsSet() {
        assertEquals("orders", ConnectionPoolComponent.poolName("", "netpoll.pool~orders"));
        assertEquals("billing", ConnectionPoolComponent.poolName("billing", "netpoll.pool~orders"));
        assertEquals(PoolConfig.DEFAULT_NAME, ConnectionPoolComponent.poolName("", "netpoll.pool.1a2b3c"));
        assertEquals(PoolConfig.DEFAULT_NAME, ConnectionPoolComponent.poolName("", null));
        assertEquals(PoolConfig.DEFAULT_NAME, ConnectionPoolComponent.poolName("", "netpoll.pool~"));
    }

    @Test
    void closeOnTheServiceLeavesThePoolOpenAndDeactivateClosesIt() {
        ConnectionPoolComponent component = new ConnectionPoolComponent(config(Map.of("jmxEnabled", false)),
                Map.of("service.pid", "netpoll.pool~test"), REFUSING);
        component.close();
        assertThrows(IOException.class, () -> component.borrow(NOWHERE));
        component.deactivate();
        assertThrows(IllegalStateException.class, () -> component.borrow(NOWHERE));
    }

    @Test
    void defaultsAreThoseOfPoolConfig() {
        ConnectionPoolComponent.Config d = config(Map.of());
        PoolConfig p = PoolConfig.defaults();
        assertEquals(p.maxTotal(), d.maxTotal());
        assertEquals(p.maxPerKey(), d.maxPerKey());
        assertEquals(p.minIdlePerKey(), d.minIdlePerKey());
        assertEquals(p.maxIdlePerKey(), d.maxIdlePerKey());
        assertEquals(p.maxWait().toMillis(), d.maxWaitMillis());
        assertEquals(p.dialTimeout().toMillis(), d.dialTimeoutMillis());
        assertEquals(p.idleEvictAfter().toMillis(), d.idleEvictAfterMillis());
        assertEquals(p.evictionInterval().toMillis(), d.evictionIntervalMillis());
        assertEquals(p.lifo(), d.lifo());
        assertEquals(p.readTimeout().toMillis(), d.readTimeoutMillis());
        assertEquals(p.writeTimeout().toMillis(), d.writeTimeoutMillis());
        assertEquals(p.jmxEnabled(), d.jmxEnabled());
    }

    /** The config annotation as SCR gives it: each value from {@code values}, else its default. */
    private static ConnectionPoolComponent.Config config(Map<String, Object> values) {
        return (ConnectionPoolComponent.Config) Proxy.newProxyInstance(
                ConnectionPoolComponent.Config.class.getClassLoader(),
                new Class<?>[] {ConnectionPoolComponent.Config.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return ConnectionPoolComponent.Config.class;
                    }
                    Object v = values.get(method.getName());
                    return v != null ? v : method.getDefaultValue();
                });
    }
}
