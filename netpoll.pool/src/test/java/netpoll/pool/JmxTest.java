package netpoll.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import netpoll.api.Connection;
import org.junit.jupiter.api.Test;

/** Commons Pool's MBean: one per pool, a unique name, gone after close. */
class JmxTest {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    private static Set<ObjectName> named(String name) throws JMException {
        return SERVER.queryNames(new ObjectName("netpoll.pool:type=ConnectionPool,name=" + name + "*"),
                null);
    }

    @Test
    void eachPoolRegistersItsOwnMBeanAndCloseUnregistersIt() throws Exception {
        FakeDialer dialer = new FakeDialer();
        PoolConfig config = PoolConfig.builder().name("jmx-test").build();
        ConnectionPool first = ConnectionPool.create(dialer, config);
        ConnectionPool second = ConnectionPool.create(dialer, config);
        try {
            Set<ObjectName> names = named("jmx-test");
            assertEquals(2, names.size(), "two pools of the same name, two MBeans: " + names);
            try (Connection c = first.borrow(new InetSocketAddress("127.0.0.1", 9300))) {
                assertTrue(c.isActive());
                long active = names.stream().mapToLong(JmxTest::numActive).sum();
                assertEquals(1, active, "the MBean shows the lent connection");
            }
        } finally {
            first.close();
            second.close();
        }
        assertTrue(named("jmx-test").isEmpty(), "MBeans left after close: " + named("jmx-test"));
    }

    @Test
    void noMBeanWhenJmxIsOff() throws Exception {
        ConnectionPool pool = ConnectionPool.create(new FakeDialer(),
                PoolConfig.builder().name("jmx-off").jmxEnabled(false).build());
        try {
            assertTrue(named("jmx-off").isEmpty());
        } finally {
            pool.close();
        }
    }

    private static long numActive(ObjectName name) {
        try {
            return ((Number) SERVER.getAttribute(name, "NumActive")).longValue();
        } catch (JMException e) {
            throw new AssertionError(e);
        }
    }

}
